// Reservations (预留): a parcel held for one project until a date, each write one transaction with
// its audit row; and what matching reads of them (ledger/reservation_filter.h). Apart from
// records.cpp (whose results import reads files through GDAL) so that matching links no GDAL
// (docs/architecture.md "Two executables").
#include <set>

#include "detail/sqlite.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/ledger.h"
#include "landbank/store.h"
#include "ledger/ledger_internal.h"
#include "ledger/reservation_filter.h"

namespace landbank {

namespace {

Reservation reservationFromRow(const SqliteStatement& row) {
  return {row.columnInt(0), row.columnText(1), row.columnText(2), row.columnText(3), row.columnText(4), row.columnOptionalText(5), row.columnText(6)};
}
constexpr const char* kReservationColumns = "id, parcel_id, project_id, until, reserved_on, released_on, note";

}  // namespace

nlohmann::json reservationJson(const Reservation& r) {
  return {{"id", r.id}, {"parcel", r.parcelId}, {"project", r.projectId}, {"until", r.until}, {"reserved_on", r.reservedOn},
          {"released_on", optionalJson(r.releasedOn)}, {"note", r.note}};
}

Reservation reserveParcel(Store& store, const std::string& projectId, const std::string& parcelId, const std::string& until,
                          const std::string& today, const std::string& note) {
  const std::string untilDate = parseLedgerDate(until, "--until");
  const std::string on = parseLedgerDate(today, "--today");
  if (untilDate < on)
    throw Error(ErrorCode::BadValue, Message{"--until " + untilDate + " 早于今天（" + on + "）", "--until " + untilDate + " is before today (" + on + ")"},
                {.layer = "parcels", .feature = parcelId, .field = "until"});
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  requireProjectStage(db, projectId);
  const std::string status = requireParcelStatus(db, parcelId);
  if (status != "reserved" && status != "available")
    throw Error(ErrorCode::BadValue,
                Message{"只有“储备”或“可供应”的地块才能为项目预留；这个地块是“" + codeLabel(CodeList::ParcelStatus, status, Language::Chinese) + "”",
                        "only reserved or available land can be reserved for a project; the parcel is " + status},
                {.layer = "parcels", .feature = parcelId, .field = "status"});
  if (const auto other = reservedFor(db, parcelId, on); other && *other != projectId)
    throw Error(ErrorCode::BadValue, Message{"这个地块已为项目 " + *other + " 预留（请先解除预留）", "the parcel is already reserved for project " + *other + " (release it first)"},
                {.layer = "parcels", .feature = parcelId});
  // A project's own earlier reservation of the parcel ends where the new one begins.
  auto close = db.prepare("UPDATE ledger_reservations SET released_on = ? WHERE parcel_id = ? AND project_id = ? AND released_on IS NULL");
  close.bind(1, on).bind(2, parcelId).bind(3, projectId);
  close.run();
  auto insert = db.prepare("INSERT INTO ledger_reservations(parcel_id, project_id, until, reserved_on, note) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, parcelId).bind(2, projectId).bind(3, untilDate).bind(4, on).bind(5, note);
  insert.run();
  const Reservation reservation{db.lastInsertRowId(), parcelId, projectId, untilDate, on, std::nullopt, note};
  store.recordAudit(AuditEntry{"parcel_reserve", "ledger_reservations", parcelId, {{"before", nullptr}, {"after", reservationJson(reservation)}}, projectId});
  transaction.commit();
  return reservation;
}

Reservation releaseParcel(Store& store, const std::string& parcelId, const std::optional<std::string>& projectId, const std::string& today) {
  const std::string on = parseLedgerDate(today, "--today");
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  requireParcelStatus(db, parcelId);
  std::string sql = std::string("SELECT ") + kReservationColumns + " FROM ledger_reservations WHERE parcel_id = ? AND released_on IS NULL";
  if (projectId) sql += " AND project_id = ?";
  sql += " ORDER BY id DESC LIMIT 1";
  auto read = db.prepare(sql);
  read.bind(1, parcelId);
  if (projectId) read.bind(2, *projectId);
  if (!read.step()) throw Error(ErrorCode::UnknownId, Message{"这个地块没有可解除的预留", "the parcel has no reservation to release"}, {.layer = "parcels", .feature = parcelId});
  Reservation reservation = reservationFromRow(read);
  const nlohmann::json before = reservationJson(reservation);
  reservation.releasedOn = on;
  auto write = db.prepare("UPDATE ledger_reservations SET released_on = ? WHERE id = ?");
  write.bind(1, on).bind(2, reservation.id);
  write.run();
  store.recordAudit(AuditEntry{"parcel_release", "ledger_reservations", parcelId, {{"before", before}, {"after", reservationJson(reservation)}},
                               reservation.projectId});
  transaction.commit();
  return reservation;
}

std::vector<Reservation> activeReservations(const Store& store, const std::string& today) {
  auto statement = store.database().prepare(std::string("SELECT ") + kReservationColumns +
                                            " FROM ledger_reservations WHERE released_on IS NULL AND until >= ? ORDER BY parcel_id, id");
  statement.bind(1, today);
  std::vector<Reservation> list;
  while (statement.step()) list.push_back(reservationFromRow(statement));
  return list;
}

std::set<std::int64_t> parcelFidsReservedForOthers(SqliteDatabase& db, const std::string& projectId, const std::string& today) {
  // CROSS JOIN keeps the reservations as the outer loop (a handful of rows, each parcel then found by
  // its id): without table statistics SQLite otherwise scans every parcel, which at 10^5 parcels took
  // ~4 ms per match and 11% of a 500-project `allocate --assemble` (and more at a cold start).
  auto statement = db.prepare(
      "SELECT p.fid FROM ledger_reservations r CROSS JOIN parcels p ON p.id = r.parcel_id"
      " WHERE r.released_on IS NULL AND r.until >= ? AND r.project_id <> ?");
  statement.bind(1, today).bind(2, projectId);
  std::set<std::int64_t> fids;
  while (statement.step()) fids.insert(statement.columnInt(0));
  return fids;
}

std::optional<Reservation> activeReservationOf(SqliteDatabase& db, const std::string& parcelId, const std::string& today) {
  auto statement = db.prepare(std::string("SELECT ") + kReservationColumns +
                              " FROM ledger_reservations WHERE parcel_id = ? AND released_on IS NULL AND until >= ? ORDER BY id DESC LIMIT 1");
  statement.bind(1, parcelId).bind(2, today);
  if (!statement.step()) return std::nullopt;
  return reservationFromRow(statement);
}

}  // namespace landbank
