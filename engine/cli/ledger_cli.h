#pragma once
// What the project, ledger, audit and report commands share: opening the store for a write with the
// global --user, the ledger's "today", and small output helpers.

#include <string>

#include "cli.h"
#include "landbank/ledger.h"
#include "landbank/store.h"

namespace landbank::cli {

/// The store opened read-write, audit rows naming --user when given.
inline Store openForWriting(const Context& context) {
  Store store = Store::open(context.databasePath, StoreAccess::ReadWrite);
  if (!context.user.empty()) store.setUser(context.user);
  return store;
}

/// --today, else $LANDBANK_TODAY, else the calendar date.
inline std::string todayOf(const Context& context) { return ledgerToday(context.today); }

/// A number for a table cell, or "-" when unset.
std::string optionalCell(const std::optional<double>& value, int decimals);

}  // namespace landbank::cli
