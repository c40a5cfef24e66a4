#include "landbank/workbook.h"

#include <ogrsf_frmts.h>

#include <set>

#include "detail/gdal.h"
#include "landbank/error.h"

namespace landbank {

namespace {

OGRFieldType fieldType(CellType type) {
  switch (type) {
    case CellType::Integer: return OFTInteger64;
    case CellType::Real: return OFTReal;
    case CellType::Text: return OFTString;
  }
  return OFTString;
}

void checkSheetName(const std::string& name, std::set<std::string>& seen) {
  // Excel refuses these characters and names past 31 characters (counted in characters, not bytes).
  std::size_t characters = 0;
  for (unsigned char c : name) characters += (c & 0xC0) != 0x80;
  if (name.empty() || characters > 31 || name.find_first_of("[]:*?/\\") != std::string::npos)
    throw Error(ErrorCode::Usage, Message{"工作表名 '" + name + "' 为空、超过 31 个字符或含有 []:*?/\\ 之一",
                                          "sheet name '" + name + "' is empty, longer than 31 characters or holds one of []:*?/\\"});
  if (!seen.insert(name).second) throw Error(ErrorCode::Usage, Message{"工作表名 '" + name + "' 用了两次", "sheet name '" + name + "' is used twice"});
}

}  // namespace

void writeWorkbook(const std::filesystem::path& path, const std::vector<WorkbookSheet>& sheets, const OutputFileOptions& options) {
  if (sheets.empty()) throw Error(ErrorCode::Usage, Message{"工作簿至少要有一个工作表", "a workbook needs at least one sheet"});
  std::set<std::string> names;
  for (const WorkbookSheet& sheet : sheets) checkSheetName(sheet.name, names);
  ensureGdalRegistered();
  AtomicOutputFile output(path, options, AtomicOutputFile::Mode::PathOnly);
  const GdalErrorCapture errors;
  auto fail = [&](const Message& what) { throw Error(ErrorCode::Io, Message{what.zh + errors.suffix(), what.en + errors.suffix()}, {.file = path.string()}); };
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("XLSX");
  if (!driver) fail(Message{"GDAL 没有 XLSX 驱动", "GDAL has no XLSX driver"});
  {
    GdalDatasetPtr dataset(driver->Create(output.temporaryPath().string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) fail(Message{"无法创建工作簿", "cannot create the workbook"});
    for (const WorkbookSheet& sheet : sheets) {
      OGRLayer* layer = dataset->CreateLayer(sheet.name.c_str(), nullptr, wkbNone, nullptr);
      if (!layer) fail(Message{"无法创建工作表 '" + sheet.name + "'", "cannot create sheet '" + sheet.name + "'"});
      for (const WorkbookColumn& column : sheet.columns) {
        OGRFieldDefn definition(column.header.c_str(), fieldType(column.type));
        if (layer->CreateField(&definition, TRUE) != OGRERR_NONE) fail(Message{"无法创建列 '" + column.header + "'", "cannot create column '" + column.header + "'"});
      }
      for (const std::vector<nlohmann::json>& row : sheet.rows) {
        if (row.size() != sheet.columns.size()) throw Error(ErrorCode::Internal, "sheet '" + sheet.name + "': a row has the wrong number of cells");
        OGRFeature feature(layer->GetLayerDefn());
        for (std::size_t i = 0; i < row.size(); ++i) {
          const int index = static_cast<int>(i);
          const nlohmann::json& cell = row[i];
          if (cell.is_null()) continue;
          switch (sheet.columns[i].type) {
            case CellType::Integer: feature.SetField(index, static_cast<GIntBig>(cell.get<std::int64_t>())); break;
            case CellType::Real: feature.SetField(index, cell.get<double>()); break;
            case CellType::Text: feature.SetField(index, cell.is_string() ? cell.get<std::string>().c_str() : cell.dump().c_str()); break;
          }
        }
        if (layer->CreateFeature(&feature) != OGRERR_NONE) fail(Message{"无法写出工作表 '" + sheet.name + "' 的一行", "cannot write a row of sheet '" + sheet.name + "'"});
      }
    }
    dataset->FlushCache();
  }  // closing writes the workbook
  output.commit();
}

}  // namespace landbank
