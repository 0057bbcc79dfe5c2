#pragma once
// Boost.Process v2 as this project compiles it: header-only (the 1.81
// default when neither BOOST_PROCESS_V2_SEPARATE_COMPILATION nor
// BOOST_PROCESS_V2_HEADER_ONLY is defined, so boost/process/v2/src.hpp is not
// needed) and on std::filesystem (BOOST_PROCESS_USE_STD_FS, set by CMake for
// casdoctor_core), which avoids the compiled Boost.Filesystem. Include this
// header, never boost/process/v2 directly.
#ifndef BOOST_PROCESS_USE_STD_FS
#error "BOOST_PROCESS_USE_STD_FS must be defined (see CMakeLists.txt)"
#endif

// 1.81 with BOOST_PROCESS_USE_STD_FS names boost::optional, boost::decay and
// boost::is_convertible without including them (its Boost.Filesystem headers
// usually do): include them first.
#include <boost/optional.hpp>
#include <boost/type_traits/decay.hpp>
#include <boost/type_traits/is_convertible.hpp>

// The parts of v2 the runner uses.
#include <boost/process/v2/default_launcher.hpp>
#include <boost/process/v2/exit_code.hpp>
#include <boost/process/v2/pid.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>
