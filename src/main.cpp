#include "casdoctor/cli/app.hpp"

int main(int argc, char** argv) {
  return casdoctor::cli::run(argc, argv);
}
