#pragma once
// Helpers shared by the ledger's implementation files. Engine-internal.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace landbank {

class SqliteDatabase;
class SqliteStatement;

/// The project's current stage (empty when it has none); Error(UnknownId) when there is no such project.
std::string requireProjectStage(SqliteDatabase& db, const std::string& projectId);
/// Error(UnknownId) unless the parcel exists; returns its status.
std::string requireParcelStatus(SqliteDatabase& db, const std::string& parcelId);
/// The active reservation's project of a parcel at `today`, if any.
std::optional<std::string> reservedFor(SqliteDatabase& db, const std::string& parcelId, const std::string& today);

/// Binds an optional number (null when unset).
void bindOptional(SqliteStatement& statement, int index, const std::optional<double>& value);
void bindOptional(SqliteStatement& statement, int index, const std::optional<std::string>& value);
nlohmann::json optionalJson(const std::optional<double>& value);
nlohmann::json optionalJson(const std::optional<std::string>& value);

struct Problem;
struct Commitments;
struct AnnualResult;
struct Reservation;
nlohmann::json problemJson(const Problem& problem);
nlohmann::json commitmentsJson(const Commitments& commitments);
nlohmann::json resultJson(const AnnualResult& result);
nlohmann::json reservationJson(const Reservation& reservation);

class RulePack;
/// Land a project occupies, 亩: the parcel it landed on, else its floor space in a building divided by
/// the rule pack's `floor_project_equivalent_far` (the one rule the grade and the report both use).
std::optional<double> occupiedLandMu(std::optional<double> parcelAreaMu, std::optional<double> floorM2, const RulePack& rules);

/// Index of a stage in the order lead..operating; -1 for none; 6 for dropped.
int stageIndex(const std::string& stage);

}  // namespace landbank
