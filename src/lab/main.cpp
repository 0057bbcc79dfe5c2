#include "casdoctor/lab/cli.hpp"

int main(int argc, char** argv) {
  return casdoctor::lab::lab_main(argc, argv);
}
