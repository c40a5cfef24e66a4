#include "landbank/edits.h"

#include <algorithm>

#include "detail/sqlite.h"
#include "landbank/code_labels.h"
#include "landbank/error.h"
#include "landbank/layers.h"
#include "landbank/store.h"
#include "landbank/stored_facts.h"

namespace landbank {

StatusChange setParcelStatus(Store& store, const std::string& parcelId, const std::string& statusText, const std::string& note) {
  const ErrorContext context{.layer = "parcels", .feature = parcelId, .field = "status"};
  std::string status = statusText;
  for (std::string_view code : codes::parcelStatus)
    if (codeLabelZh(code) == statusText) status = std::string(code);
  if (std::ranges::find(codes::parcelStatus, std::string_view(status)) == codes::parcelStatus.end())
    throw Error(ErrorCode::BadValue,
                Message{"'" + status + "' 不是地块状态；可选值：" + codeListText(CodeList::ParcelStatus, Language::Chinese),
                        "'" + status + "' is not a parcel status (reserved, available, negotiating, allocated, building, built)"},
                context);
  SqliteDatabase& db = store.database();
  SqliteTransaction transaction(db);
  const StoredFactsState factsBefore = storedFactsState(store);  // before the write's triggers mark them
  auto read = db.prepare("SELECT status, fid FROM parcels WHERE id = ?");
  read.bind(1, parcelId);
  if (!read.step()) throw Error(ErrorCode::UnknownId, Message{"没有这个地块", "no such parcel"}, {.layer = "parcels", .feature = parcelId});
  StatusChange change{parcelId, read.columnText(0), status, false};
  const std::int64_t fid = read.columnInt(1);
  if (change.before == status) return change;
  auto write = db.prepare("UPDATE parcels SET status = ? WHERE id = ?");
  write.bind(1, status).bind(2, parcelId);
  write.run();
  // A parcel that becomes offered gets its facts, one that stops being offered loses them.
  updateStoredFacts(store, StoredFactsChange{StoredFactsChange::Scope::Parcels, {fid}, factsBefore});
  nlohmann::json detail{{"field", "status"}, {"before", change.before}, {"after", status}};
  if (!note.empty()) detail["note"] = note;
  store.recordAudit(AuditEntry{"set_status", "parcels", parcelId, detail});
  transaction.commit();
  change.changed = true;
  return change;
}

}  // namespace landbank
