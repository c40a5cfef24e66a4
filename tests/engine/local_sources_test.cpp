// The allow-lists of what GDAL may open (detail/local_sources.h): imports and basemaps read local
// files only, and nothing connects to the network. A listener on the loopback address records any
// connection; tests never aim at any other address.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "detail/local_sources.h"
#include "landbank/error.h"
#include "test_support.h"

using namespace landbank;
using namespace landbank::test;

namespace {

// A listening socket on 127.0.0.1 (an ephemeral port) that never accepts by itself.
class LoopbackListener {
 public:
  LoopbackListener() {
    m_socket = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(m_socket, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(m_socket, 16);
    socklen_t length = sizeof address;
    getsockname(m_socket, reinterpret_cast<sockaddr*>(&address), &length);
    m_url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  }
  ~LoopbackListener() { close(m_socket); }
  const std::string& url() const { return m_url; }
  bool connected() const {
    const int connection = accept(m_socket, nullptr, nullptr);
    if (connection >= 0) close(connection);
    return connection >= 0;
  }

 private:
  int m_socket = -1;
  std::string m_url;
};

}  // namespace

TEST(LocalSources, BasemapsOpenOnlyLocalRastersThroughTheirAllowList) {
  const LoopbackListener listener;
  TempDir dir;
  // A raster VRT whose source is a URL, and a WMS description (GDAL's own XML format).
  writeTextFile(dir / "remote.vrt", "<VRTDataset rasterXSize=\"10\" rasterYSize=\"10\"><VRTRasterBand dataType=\"Byte\" band=\"1\">"
                                    "<SimpleSource><SourceFilename>/vsicurl/" + listener.url() + "/b.tif</SourceFilename>"
                                    "<SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>\n");
  // (GDAL's WMS driver opens this tile service description; it fetches tiles only when read.)
  writeTextFile(dir / "wms.xml",
                "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>" + listener.url() + "/${z}/${x}/${y}.png</ServerUrl></Service>"
                "<DataWindow><UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY><LowerRightX>20037508.34</LowerRightX>"
                "<LowerRightY>-20037508.34</LowerRightY><TileLevel>18</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY>"
                "<YOrigin>top</YOrigin></DataWindow><Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX>"
                "<BlockSizeY>256</BlockSizeY><BandsCount>3</BandsCount></GDAL_WMS>\n");
  {
    const GdalErrorCapture capture;
    EXPECT_EQ(openLocalSource((dir / "remote.vrt").string(), LocalSourceUse::Basemap, capture), nullptr);
    EXPECT_EQ(openLocalSource((dir / "wms.xml").string(), LocalSourceUse::Basemap, capture), nullptr);
    try {
      openLocalSource("/vsicurl/" + listener.url() + "/b.tif", LocalSourceUse::Basemap, capture);
      ADD_FAILURE() << "a /vsicurl/ basemap was opened";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("local files only"), std::string::npos) << error.what();
      EXPECT_NE(std::string(error.what()).find("127.0.0.1"), std::string::npos) << error.what();
    }
    EXPECT_THROW(openLocalSource(listener.url() + "/b.tif", LocalSourceUse::Basemap, capture), Error);
  }
  EXPECT_FALSE(listener.connected()) << "something connected to " << listener.url();

  // The lists themselves: no VRT, WMS or HTTP driver in either; GeoTIFF for basemaps, GeoJSON for imports.
  for (const LocalSourceUse use : {LocalSourceUse::VectorImport, LocalSourceUse::Basemap})
    for (const char* const* name = allowedDrivers(use); *name; ++name)
      for (const std::string refused : {"VRT", "WMS", "WMTS", "HTTP", "WFS", "OAPIF", "GML"}) EXPECT_NE(refused, *name);
  auto allows = [](LocalSourceUse use, const std::string& driver) {
    for (const char* const* name = allowedDrivers(use); *name; ++name)
      if (driver == *name) return true;
    return false;
  };
  EXPECT_TRUE(allows(LocalSourceUse::Basemap, "GTiff"));
  EXPECT_TRUE(allows(LocalSourceUse::VectorImport, "GeoJSON"));
  EXPECT_FALSE(allows(LocalSourceUse::Basemap, "GeoJSON"));
}
