#pragma once
// casdoctor-lab's command line:
//   casdoctor-lab powershell <powershell.exe arguments>
//   casdoctor-lab <powershell.exe arguments>      (first argument starts with "-")
//   powershell / pwsh (a link or copy named so)   (argv[0] decides)
//   casdoctor-lab scenario kb4294204 [--state FILE] [--servers N] [--shell-load-delay MS] [--now
//   TIME] casdoctor-lab set-oos SERVER true|false [--state FILE] casdoctor-lab show [--state FILE]
// --state defaults to the environment variable CASDOCTOR_LAB_STATE.

namespace casdoctor::lab {

int lab_main(int argc, char** argv);

}  // namespace casdoctor::lab
