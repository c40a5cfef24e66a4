#pragma once
// The calibration block of `landbank evaluate`: the project's promised tax and output beside its
// sector's historic delivery ratio (follow_through.h), as the realistic expectation.

#include <ostream>
#include <string>

#include "landbank/follow_through.h"
#include "landbank/language.h"
#include "landbank/matching.h"

namespace landbank::cli {

/// `projectId` empty for a --spec file.
CalibratedExpectation evaluateCalibration(const Store& store, const std::string& projectId, const ProjectSpec& project);
/// A heading line and a small table (promise, ratio, expectation) in the language.
void printCalibration(std::ostream& out, const CalibratedExpectation& expectation, Language language);

}  // namespace landbank::cli
