#pragma once
// Edits of stored features by people (the viewer's status edit, the CLI later). Every edit runs in
// one transaction and leaves an audit_log row with who, when, and the value before and after.

#include <string>

namespace landbank {

class Store;

struct StatusChange {
  std::string parcelId;
  std::string before;  ///< status before the edit
  std::string after;   ///< status after the edit (equal to before when nothing changed)
  bool changed = false;
};

/// Sets the status of one parcel to one of DESIGN.md's status codes. Throws Error(UnknownId) for an
/// unknown parcel, Error(BadValue) for a status outside the code list. Setting the current status
/// again changes nothing and writes no audit row. Chinese labels of the codes are accepted ("可供应");
/// `note` is kept in the audit row (the command line's --note).
StatusChange setParcelStatus(Store& store, const std::string& parcelId, const std::string& status, const std::string& note = {});

}  // namespace landbank
