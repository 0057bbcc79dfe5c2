// Boost includes <Windows.h>; mingw-w64 names it windows.h, which a
// case-sensitive file system tells apart. Only the cross build sees this.
#pragma once
#include <windows.h>
