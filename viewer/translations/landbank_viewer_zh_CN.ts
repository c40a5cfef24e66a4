<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/identify_panel.cpp" line="28"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="28"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::FilterPanel</name>
    <message numerus="yes">
        <location filename="../app/filter_panel.cpp" line="52"/>
        <source>%n parcel(s) match</source>
        <translation>
            <numerusform>%n 个地块符合条件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="56"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="71"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="72"/>
        <source>Land use</source>
        <translation>用地性质</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="73"/>
        <source>Min. area</source>
        <translation>最小面积</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="74"/>
        <source>Max. area</source>
        <translation>最大面积</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="75"/>
        <source>Subdistrict</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="76"/>
        <source>e.g. 30000, 45mu, 3ha</source>
        <translation>如 30000、45亩、3ha</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="77"/>
        <source>e.g. 200mu</source>
        <translation>如 200亩</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="78"/>
        <source>Apply to map</source>
        <translation>应用到地图</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="79"/>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <location filename="../app/filter_panel.cpp" line="80"/>
        <location filename="../app/filter_panel.cpp" line="81"/>
        <source>(any)</source>
        <translation>（全部）</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::IdentifyPanel</name>
    <message>
        <location filename="../app/identify_panel.cpp" line="81"/>
        <source>Click the map with the identify tool to see what is there.</source>
        <translation>使用识别工具点击地图，查看该处要素。</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="82"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="82"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="83"/>
        <source>Change parcel status…</source>
        <translation>修改地块状态…</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="119"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="119"/>
        <source>%1 m² = %2 mu = %3 ha</source>
        <translation>%1 平方米 = %2 亩 = %3 公顷</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="127"/>
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="129"/>
        <source>Centroid (WGS84)</source>
        <translation>中心点（WGS84）</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="131"/>
        <source>Constraints overlapped</source>
        <translation>压覆管控</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="131"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="134"/>
        <source>%1 %2: %3, overlap %4 m²</source>
        <translation>%1 %2：%3，重叠 %4 平方米</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="139"/>
        <source>Nearest facilities</source>
        <translation>最近设施</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="142"/>
        <source>%1 (%2 m)</source>
        <translation>%1（%2 米）</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="147"/>
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="147"/>
        <source>%1, imported %2 by %3 (%4)</source>
        <translation>%1，%2 由 %3 导入（%4）</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::LayersPanel</name>
    <message>
        <location filename="../app/layers_panel.cpp" line="85"/>
        <source>Parcel colours:</source>
        <translation>地块配色：</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="86"/>
        <source>By status</source>
        <translation>按状态</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="87"/>
        <source>By land use</source>
        <translation>按用地性质</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="88"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="89"/>
        <source>Draw this layer later (on top)</source>
        <translation>上移（绘制在上层）</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="90"/>
        <source>Draw this layer earlier (below)</source>
        <translation>下移（绘制在下层）</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="140"/>
        <source>Basemap: %1</source>
        <translation>底图：%1</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::MainWindow</name>
    <message>
        <location filename="../app/main_window.cpp" line="59"/>
        <location filename="../app/main_window.cpp" line="277"/>
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="64"/>
        <source>Distance: %1 m</source>
        <translation>距离：%1 米</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="65"/>
        <source>Area: %1 m² = %2 mu</source>
        <translation>面积：%1 平方米 = %2 亩</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="109"/>
        <source>Match</source>
        <translation>匹配选址</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="135"/>
        <location filename="../app/main_window.cpp" line="140"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="135"/>
        <source>Landbank database (*.sqlite *.db);;All files (*)</source>
        <translation>Landbank 数据库 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="145"/>
        <location filename="../app/main_window.cpp" line="151"/>
        <source>Add basemap</source>
        <translation>添加底图</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="146"/>
        <source>Rasters (*.tif *.tiff *.mbtiles *.gpkg *.jp2 *.png *.jpg *.vrt);;All files (*)</source>
        <translation>栅格 (*.tif *.tiff *.mbtiles *.gpkg *.jp2 *.png *.jpg *.vrt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="215"/>
        <location filename="../app/main_window.cpp" line="450"/>
        <location filename="../app/main_window.cpp" line="458"/>
        <location filename="../app/main_window.cpp" line="468"/>
        <source>Change parcel status</source>
        <translation>修改地块状态</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="215"/>
        <source>Identify a parcel on the map first.</source>
        <translation>请先在地图上识别一个地块。</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="239"/>
        <source>Nothing found for “%1”</source>
        <translation>未找到“%1”</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="244"/>
        <source>Landbank map viewer — %1</source>
        <translation>土地招商地图 — %1</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="244"/>
        <source>Landbank map viewer</source>
        <translation>土地招商地图</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="245"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="246"/>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="247"/>
        <source>Add &amp;basemap…</source>
        <translation>添加底图(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="248"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="249"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="250"/>
        <source>Full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="251"/>
        <source>Zoom to layer</source>
        <translation>缩放至图层</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="254"/>
        <source>Zoom to selection</source>
        <translation>缩放至所选</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="255"/>
        <source>Colour parcels by status</source>
        <translation>地块按状态着色</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="256"/>
        <source>Colour parcels by land use</source>
        <translation>地块按用地性质着色</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="257"/>
        <source>Labels</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="258"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="259"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="260"/>
        <source>Zoom box</source>
        <translation>拉框放大</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="261"/>
        <location filename="../app/main_window.cpp" line="271"/>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="262"/>
        <source>Measure distance</source>
        <translation>量距</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="263"/>
        <source>Measure area</source>
        <translation>量面积</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="264"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="265"/>
        <source>Change parcel status…</source>
        <translation>修改地块状态…</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="266"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="267"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="268"/>
        <source>Search id or name (parcel, park, building, project)</source>
        <translation>搜索编号或名称（地块、园区、楼宇、项目）</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="269"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="270"/>
        <source>Filter parcels</source>
        <translation>地块筛选</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="272"/>
        <source>Projects</source>
        <translation>招商项目</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="450"/>
        <source>New status of parcel %1:</source>
        <translation>地块 %1 的新状态：</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="459"/>
        <source>Change the status of parcel %1 from “%2” to “%3”? The change is recorded with your user name and the time.</source>
        <translation>将地块 %1 的状态由“%2”改为“%3”？修改将连同用户名和时间记入审计日志。</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="464"/>
        <source>Parcel %1: %2 → %3</source>
        <translation>地块 %1：%2 → %3</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="519"/>
        <source>WGS84 %1, %2   |   %3  E %4  N %5</source>
        <translation>WGS84 %1, %2   |   %3  东 %4  北 %5</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::ProjectsPanel</name>
    <message>
        <location filename="../app/projects_panel.cpp" line="87"/>
        <location filename="../app/projects_panel.cpp" line="88"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="87"/>
        <location filename="../app/projects_panel.cpp" line="88"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="87"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="88"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="88"/>
        <location filename="../app/projects_panel.cpp" line="222"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="88"/>
        <source>Area (mu)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="89"/>
        <source>Match</source>
        <translation>匹配选址</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="90"/>
        <source>Rank the parcels (or buildings) that meet the selected project&apos;s hard rules, with the engine&apos;s matching</source>
        <translation>用匹配引擎为所选项目筛选并排序满足硬性条件的地块（或楼宇）</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="160"/>
        <source>Supply chain</source>
        <translation>产业链配套</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="161"/>
        <source>Park specialisation</source>
        <translation>园区主导产业</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="162"/>
        <source>Area fit</source>
        <translation>面积匹配</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="163"/>
        <source>Price</source>
        <translation>地价</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="164"/>
        <source>Infrastructure</source>
        <translation>基础设施</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="165"/>
        <source>Availability</source>
        <translation>可供时间</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="166"/>
        <source>Compactness</source>
        <translation>地块形状</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="167"/>
        <source>Constraint penalty</source>
        <translation>管控约束扣分</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="168"/>
        <source>Preferred subdistrict</source>
        <translation>意向街道</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="169"/>
        <source>Floor area fit</source>
        <translation>建筑面积匹配</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="170"/>
        <location filename="../app/projects_panel.cpp" line="184"/>
        <source>Rent</source>
        <translation>租金</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="174"/>
        <source>Distance to %1</source>
        <translation>距%1距离</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="181"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="181"/>
        <source>Land use</source>
        <translation>用地性质</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="182"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="182"/>
        <source>Height limit</source>
        <translation>限高</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="183"/>
        <source>Water source protection</source>
        <translation>水源保护</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="184"/>
        <source>Building type</source>
        <translation>建筑类型</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="186"/>
        <source>Constraint %1</source>
        <translation>管控：%1</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="187"/>
        <source>Near %1</source>
        <translation>临近%1</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="193"/>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="194"/>
        <source>weak</source>
        <translation>偏弱</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="195"/>
        <source>fail</source>
        <translation>不通过</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="196"/>
        <source>incomplete</source>
        <translation>数据不全</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="220"/>
        <source>&lt;h3&gt;#%1 %2 %3&lt;/h3&gt;&lt;p&gt;Score %4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;第 %1 名 %2 %3&lt;/h3&gt;&lt;p&gt;得分 %4&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="222"/>
        <source>Criterion</source>
        <translation>评价指标</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="222"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="222"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="231"/>
        <source>&lt;p&gt;Considered %1, candidates %2. Rejected: %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;参与比选 %1 个，候选 %2 个。排除原因：%3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="231"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="236"/>
        <source>&lt;h3&gt;%1 is a candidate&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;%1 为候选地块&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="237"/>
        <source>&lt;h3&gt;Why not %1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;%1 为何未入选&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="251"/>
        <source>&lt;h3&gt;Evaluation: grade %1 %2 (%3 / 100)%4&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;项目评价：%1 级 %2（%3 / 100）%4&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="254"/>
        <source>, provisional</source>
        <translation>，暂定</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="96"/>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="100"/>
        <source>All sectors</source>
        <translation>全部产业</translation>
    </message>
</context>
</TS>
