#pragma once
// Projects entered and edited by people (`landbank project add|edit|show|list`). Values are checked
// exactly as the importer checks a `projects` source (the same field specs of layers.h, the same
// parsing of field_values: code lists with their Chinese labels, numbers, ranges, dates), so a
// project typed in and one imported cannot differ. Each write is one transaction with its audit row.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landbank/geo.h"

namespace landbank {

class Store;

/// Values as people type them: canonical field name -> text ("签约", "12,000" is refused as the
/// importer refuses it). Numbers from a JSON file are passed as numbers.
struct ProjectInput {
  std::map<std::string, nlohmann::json> fields;
  nlohmann::json extra = nlohmann::json::object();  ///< non-canonical keys of a --from file (kept as attrs, as the importer does)
  std::optional<LonLat> at;                ///< WGS84 lon/lat of the project's point
  std::optional<std::string> subdistrict;  ///< else derived from the point (boundaries of level subdistrict)
  std::string date;                        ///< business date of the entry (its first stage in the history)
  std::string origin;                      ///< file name for error messages (empty: the command line)
};

/// A stored project for people and scripts.
struct ProjectRecord {
  std::string id;
  nlohmann::json properties = nlohmann::json::object();  ///< canonical fields that have a value
  nlohmann::json extra = nlohmann::json::object();
  std::optional<LonLat> location;          ///< WGS84
  std::optional<std::string> subdistrict;
  std::optional<std::string> parcelId, buildingId;  ///< its site once landed
};

struct ProjectListFilter {
  std::optional<std::string> stage, sector, subdistrict, tier;  ///< codes or Chinese labels
};

/// Reads a --from JSON object: canonical fields (strings or numbers), "lon"/"lat" or "location":
/// [lon, lat], "subdistrict"; other keys are kept as extra attributes. Throws Error(BadValue).
ProjectInput projectInputFromJson(const nlohmann::json& object, const std::string& origin);

/// Adds a project; generates the id (P-NNN, the next free number) when none is given. Returns it.
/// Error(MissingField) for a required field (name, sector), Error(BadValue) for a bad value,
/// Error(Duplicate) for an id that exists.
std::string addProject(Store& store, const ProjectInput& input);
/// Changes the given fields (and point/subdistrict). The stage is changed with `ledger move`, the id never.
ProjectRecord editProject(Store& store, const std::string& projectId, const ProjectInput& changes);
ProjectRecord projectRecord(const Store& store, const std::string& projectId);
std::vector<ProjectRecord> listProjectRecords(const Store& store, const ProjectListFilter& filter);
nlohmann::json projectRecordJson(const ProjectRecord& record);

}  // namespace landbank
