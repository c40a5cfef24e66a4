#pragma once
// What matching needs to know about reservations (预留): which parcels are held for another project.
// Engine-internal; the reservations themselves are written through landbank/ledger.h.

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "landbank/ledger.h"

namespace landbank {

class SqliteDatabase;

/// fids of parcels with an active reservation (not released, `until` >= today) for a project other than `projectId`.
std::set<std::int64_t> parcelFidsReservedForOthers(SqliteDatabase& db, const std::string& projectId, const std::string& today);
/// The parcel's active reservation at `today`, if any.
std::optional<Reservation> activeReservationOf(SqliteDatabase& db, const std::string& parcelId, const std::string& today);

}  // namespace landbank
