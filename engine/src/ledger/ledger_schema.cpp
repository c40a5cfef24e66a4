#include "ledger/ledger_schema.h"

#include "detail/sqlite.h"

namespace landbank {

// Rows refer to projects and parcels by their id, without foreign keys: a `--mode replace` import of
// projects must not wipe (ON DELETE CASCADE) or be blocked by years of ledger history. Writers check
// the ids they are given; readers tolerate history of a project that is gone.
void createLedgerTables(SqliteDatabase& db) {
  db.exec(
      // Where a project is: its subdistrict, and the site it landed on (a parcel, or floor space in a
      // building). The point itself stays in projects.geom.
      "CREATE TABLE project_location (project_id TEXT PRIMARY KEY, subdistrict TEXT, parcel_id TEXT, building_id TEXT,"
      " floor_m2 REAL);"
      "CREATE INDEX project_location_parcel ON project_location(parcel_id);"
      // Every stage change: from, to, business date, note, reason (dropped), forced, landing site.
      "CREATE TABLE ledger_stage_history (seq INTEGER PRIMARY KEY, project_id TEXT NOT NULL, from_stage TEXT,"
      " to_stage TEXT NOT NULL, on_date TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',"
      " forced INTEGER NOT NULL DEFAULT 0, forced_rule TEXT NOT NULL DEFAULT '', site_kind TEXT, site_id TEXT, floor_m2 REAL, user TEXT NOT NULL,"
      " recorded_at TEXT NOT NULL);"
      "CREATE INDEX ledger_stage_history_project ON ledger_stage_history(project_id, on_date);"
      "CREATE TABLE ledger_problems (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, category TEXT NOT NULL, dept TEXT NOT NULL,"
      " text TEXT NOT NULL, opened_on TEXT NOT NULL, due_on TEXT, status TEXT NOT NULL DEFAULT 'open',"
      " resolved_on TEXT, resolution TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '[]');"
      "CREATE INDEX ledger_problems_project ON ledger_problems(project_id);"
      "CREATE TABLE ledger_visits (id INTEGER PRIMARY KEY, project_id TEXT NOT NULL, visited_on TEXT NOT NULL,"
      " visitor TEXT NOT NULL, findings TEXT NOT NULL DEFAULT '', requests TEXT NOT NULL DEFAULT '');"
      "CREATE INDEX ledger_visits_project ON ledger_visits(project_id);"
      "CREATE TABLE ledger_capital (id INTEGER PRIMARY KEY, project_id TEXT NOT NULL, kind TEXT NOT NULL,"
      " amount_wan REAL NOT NULL, on_date TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');"
      "CREATE INDEX ledger_capital_project ON ledger_capital(project_id);"
      // The investment agreement's promises; clauses maps a commitment to the agreement's wording
      // ({"tax_wan": "第六条"}), for shortfall notices.
      "CREATE TABLE ledger_commitments (project_id TEXT PRIMARY KEY, investment_wan REAL, output_wan REAL, tax_wan REAL,"
      " jobs INTEGER, energy_tce REAL, construction_start TEXT, completion TEXT, production TEXT, signed_on TEXT,"
      " clauses TEXT NOT NULL DEFAULT '{}');"
      "CREATE TABLE ledger_results (project_id TEXT NOT NULL, year INTEGER NOT NULL, investment_wan REAL, output_wan REAL,"
      " tax_wan REAL, jobs INTEGER, energy_tce REAL, PRIMARY KEY (project_id, year));"
      "CREATE TABLE ledger_reservations (id INTEGER PRIMARY KEY, parcel_id TEXT NOT NULL, project_id TEXT NOT NULL,"
      " until TEXT NOT NULL, reserved_on TEXT NOT NULL, released_on TEXT, note TEXT NOT NULL DEFAULT '');"
      "CREATE INDEX ledger_reservations_parcel ON ledger_reservations(parcel_id);");
}

}  // namespace landbank
