<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <location filename="../app/identify_panel.cpp" line="43"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="43"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="109"/>
        <source>Click the map with the identify tool to see what is there.</source>
        <translation>使用识别工具点击地图，查看该处要素。</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="110"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="110"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="111"/>
        <source>Change parcel status…</source>
        <translation>修改地块状态…</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="154"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="154"/>
        <source>%1 m² = %2 mu = %3 ha</source>
        <translation>%1 平方米 = %2 亩 = %3 公顷</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="162"/>
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="164"/>
        <source>Centroid (WGS84)</source>
        <translation>中心点（WGS84）</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="166"/>
        <source>Constraints overlapped</source>
        <translation>压覆管控</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="166"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="169"/>
        <source>%1 %2: %3, overlap %4 m²</source>
        <translation>%1 %2：%3，重叠 %4 平方米</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="174"/>
        <source>Nearest facilities</source>
        <translation>最近设施</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="177"/>
        <source>%1 (%2 m)</source>
        <translation>%1（%2 米）</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="182"/>
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../app/identify_panel.cpp" line="182"/>
        <source>%1, imported %2 by %3 (%4)</source>
        <translation>%1，%2 由 %3 导入（%4）</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::LayersPanel</name>
    <message>
        <location filename="../app/layers_panel.cpp" line="103"/>
        <source>Parcel colours:</source>
        <translation>地块配色：</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="104"/>
        <source>By status</source>
        <translation>按状态</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="105"/>
        <source>By land use</source>
        <translation>按用地性质</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="106"/>
        <source>Project colours:</source>
        <translation>项目颜色：</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="107"/>
        <source>By stage</source>
        <translation>按推进阶段</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="108"/>
        <source>By follow-through grade</source>
        <translation>按亩均评级</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="109"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="110"/>
        <source>Draw this layer later (on top)</source>
        <translation>上移（绘制在上层）</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="111"/>
        <source>Draw this layer earlier (below)</source>
        <translation>下移（绘制在下层）</translation>
    </message>
    <message>
        <location filename="../app/layers_panel.cpp" line="168"/>
        <source>Basemap: %1</source>
        <translation>底图：%1</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::LedgerPanel</name>
    <message>
        <location filename="../app/ledger_panel.cpp" line="98"/>
        <source>Move stage…</source>
        <translation>推进阶段…</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="99"/>
        <source>New problem…</source>
        <translation>登记问题…</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="100"/>
        <source>Resolve problem…</source>
        <translation>问题办结…</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="101"/>
        <source>Select an open problem in the list first</source>
        <translation>先在列表中选中一个未解决的问题</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="102"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="103"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="104"/>
        <source>Commitments and results</source>
        <translation>承诺与实绩</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="105"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="105"/>
        <source>Event</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="105"/>
        <source>What happened</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="105"/>
        <source>Who</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="106"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="106"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="106"/>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="106"/>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="106"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="106"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="156"/>
        <source>Select a project in the projects panel to see its ledger.</source>
        <translation>在项目面板中选中一个项目，查看其推进台账。</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="163"/>
        <source>Stage: %1</source>
        <translation>阶段：%1</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="165"/>
        <source>(since %1, %2 days)</source>
        <translation>（自 %1 起，%2 天）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="166"/>
        <source>parcel %1</source>
        <translation>地块 %1</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="167"/>
        <source>building %1</source>
        <translation>楼宇 %1</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="170"/>
        <source>stalled</source>
        <translation>停滞</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ledger_panel.cpp" line="171"/>
        <source>%n overdue problem(s)</source>
        <translation>
            <numerusform>%n 个问题逾期</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ledger_panel.cpp" line="172"/>
        <source>%n commitment date(s) passed</source>
        <translation>
            <numerusform>%n 项承诺逾期</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="175"/>
        <source>Follow-through grade %1 %2 (%3)</source>
        <translation>亩均评级 %1 %2（%3 年）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="187"/>
        <source>entered at %1</source>
        <translation>登记为%1</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="190"/>
        <source>(building %1)</source>
        <translation>（楼宇 %1）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="190"/>
        <source>(parcel %1)</source>
        <translation>（地块 %1）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="191"/>
        <source>reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="195"/>
        <source>Forced over the rule “%1”: %2</source>
        <translation>强制推进，越过规则“%1”：%2</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="196"/>
        <source>FORCED</source>
        <translation>强制</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="198"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="203"/>
        <source>Problem logged</source>
        <translation>登记问题</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="204"/>
        <source>Problem resolved</source>
        <translation>问题办结</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="205"/>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="206"/>
        <source>Capital increase</source>
        <translation>增资</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="207"/>
        <source>Annual results</source>
        <translation>年度实绩</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="232"/>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="241"/>
        <source>Problems (%1 open)</source>
        <translation>问题（%1 个未解决）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="247"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="247"/>
        <source>Promised</source>
        <translation>承诺</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="259"/>
        <source>Investment (10k CNY)</source>
        <translation>投资（万元）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="260"/>
        <source>Output (10k CNY)</source>
        <translation>产值（万元）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="261"/>
        <source>Tax (10k CNY)</source>
        <translation>税收（万元）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="262"/>
        <source>Jobs</source>
        <translation>就业（人）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="263"/>
        <source>Energy (tce, ceiling)</source>
        <translation>能耗（吨标煤，上限）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="280"/>
        <source>Tax per mu (10k CNY/mu)</source>
        <translation>亩均税收（万元/亩）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="281"/>
        <source>Output per mu (10k CNY/mu)</source>
        <translation>亩均产出（万元/亩）</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="282"/>
        <source>Per-mu grade (亩均)</source>
        <translation>亩均评级</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="286"/>
        <source>not graded</source>
        <translation>未评级</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="297"/>
        <source>Start of construction</source>
        <translation>开工</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="298"/>
        <source>Completion</source>
        <translation>竣工</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="299"/>
        <source>Start of production</source>
        <translation>投产</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="310"/>
        <source>Short of the agreement in %1:</source>
        <translation>%1 年未达协议承诺：</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="312"/>
        <source>Every commitment met in %1.</source>
        <translation>%1 年各项承诺均已兑现。</translation>
    </message>
    <message>
        <location filename="../app/ledger_panel.cpp" line="314"/>
        <source>No commitments recorded.</source>
        <translation>尚未登记承诺事项。</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::MainWindow</name>
    <message>
        <location filename="../app/main_window.cpp" line="85"/>
        <location filename="../app/main_window.cpp" line="327"/>
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="90"/>
        <source>Distance: %1 m</source>
        <translation>距离：%1 米</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="91"/>
        <source>Area: %1 m² = %2 mu</source>
        <translation>面积：%1 平方米 = %2 亩</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="143"/>
        <source>Match</source>
        <translation>匹配选址</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="170"/>
        <location filename="../app/main_window.cpp" line="175"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="170"/>
        <source>Landbank database (*.sqlite *.db);;All files (*)</source>
        <translation>Landbank 数据库 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="180"/>
        <location filename="../app/main_window.cpp" line="186"/>
        <source>Add basemap</source>
        <translation>添加底图</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="181"/>
        <source>Rasters (*.tif *.tiff *.mbtiles *.gpkg *.jp2 *.png *.jpg *.vrt);;All files (*)</source>
        <translation>栅格 (*.tif *.tiff *.mbtiles *.gpkg *.jp2 *.png *.jpg *.vrt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="261"/>
        <location filename="../app/main_window.cpp" line="536"/>
        <location filename="../app/main_window.cpp" line="544"/>
        <location filename="../app/main_window.cpp" line="554"/>
        <source>Change parcel status</source>
        <translation>修改地块状态</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="261"/>
        <source>Identify a parcel on the map first.</source>
        <translation>请先在地图上识别一个地块。</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="285"/>
        <source>Nothing found for “%1”</source>
        <translation>未找到“%1”</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="290"/>
        <source>Landbank map viewer — %1</source>
        <translation>土地招商地图 — %1</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="290"/>
        <source>Landbank map viewer</source>
        <translation>土地招商地图</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="291"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="292"/>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="293"/>
        <source>Add &amp;basemap…</source>
        <translation>添加底图(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="294"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="295"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="296"/>
        <source>Full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="297"/>
        <source>Zoom to layer</source>
        <translation>缩放至图层</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="300"/>
        <source>Zoom to selection</source>
        <translation>缩放至所选</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="301"/>
        <source>Colour parcels by status</source>
        <translation>地块按状态着色</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="302"/>
        <source>Colour parcels by land use</source>
        <translation>地块按用地性质着色</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="303"/>
        <source>Colour projects by stage</source>
        <translation>项目按推进阶段着色</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="304"/>
        <source>Colour projects by follow-through grade</source>
        <translation>项目按亩均评级着色</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="305"/>
        <source>Labels</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="306"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="307"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="308"/>
        <source>Zoom box</source>
        <translation>拉框放大</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="309"/>
        <location filename="../app/main_window.cpp" line="319"/>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="310"/>
        <source>Measure distance</source>
        <translation>量距</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="311"/>
        <source>Measure area</source>
        <translation>量面积</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="312"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="313"/>
        <source>Change parcel status…</source>
        <translation>修改地块状态…</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="314"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="315"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="316"/>
        <source>Search id or name (parcel, park, building, project)</source>
        <translation>搜索编号或名称（地块、园区、楼宇、项目）</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="317"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="318"/>
        <source>Filter parcels</source>
        <translation>地块筛选</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="320"/>
        <source>Projects</source>
        <translation>招商项目</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="321"/>
        <source>Project ledger</source>
        <translation>项目推进台账</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="536"/>
        <source>New status of parcel %1:</source>
        <translation>地块 %1 的新状态：</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="545"/>
        <source>Change the status of parcel %1 from “%2” to “%3”? The change is recorded with your user name and the time.</source>
        <translation>将地块 %1 的状态由“%2”改为“%3”？修改将连同用户名和时间记入审计日志。</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="550"/>
        <source>Parcel %1: %2 → %3</source>
        <translation>地块 %1：%2 → %3</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="673"/>
        <source>Move stage</source>
        <translation>推进阶段</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="682"/>
        <source>%1: %2 → %3 (%4)%5</source>
        <translation>%1：%2 → %3（%4）%5</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="686"/>
        <source>[forced over rule %1]</source>
        <translation>[强制，越过规则 %1]</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="696"/>
        <source>Problem %1 logged</source>
        <translation>已登记问题 %1</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="712"/>
        <source>Problem %1 resolved</source>
        <translation>问题 %1 已办结</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="727"/>
        <source>WGS84 %1, %2   |   %3  E %4  N %5</source>
        <translation>WGS84 %1, %2   |   %3  东 %4  北 %5</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp"/>
        <source>Export plan</source>
        <translation>导出方案</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp"/>
        <source>CSV (*.csv);;GeoJSON (*.geojson);;JSON (*.json)</source>
        <translation>CSV (*.csv);;GeoJSON (*.geojson);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp"/>
        <source>Plan written to %1</source>
        <translation>方案已写入 %1</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp"/>
        <source>Allocation plan</source>
        <translation>用地统筹方案</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp"/>
        <source>Allocation &amp;plan (major projects first)</source>
        <translation>用地统筹方案（重大项目优先）(&amp;P)</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::PlanPanel</name>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Major projects first</source>
        <translation>重大项目优先</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Weighted by class</source>
        <translation>按类别加权</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Solve plan</source>
        <translation>求解方案</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Assemble</source>
        <translation>合并地块</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Also offer assemblies of 2-4 adjacent parcels that fit a project together (allocate --assemble)</source>
        <translation>把 2 至 4 块相邻、合起来满足项目的地块也作为候选（allocate --assemble）</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Clear what-ifs</source>
        <translation>清除假设</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Site</source>
        <translation>分配地块/楼宇</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Best site</source>
        <translation>独立最优</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Regret</source>
        <translation>遗憾值</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Best lost to</source>
        <translation>最优地块让给</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>%1 m² of floor space</source>
        <translation>建筑面积 %1 m²</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>%1 mu (%2 m²)</source>
        <translation>%1 亩（%2 m²）</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>unplaced: no site passes its hard rules</source>
        <translation>未安排：没有符合硬性条件的地块</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>unplaced: every candidate taken by %1</source>
        <translation>未安排：候选均已分配给 %1</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>%1 %2 of %3</source>
        <translation>%1 %2 / %3 个</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>optimal</source>
        <translation>最优</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>feasible, gap %1%</source>
        <translation>可行解，差距 %1%</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>feasible, not proven optimal (gap unknown)</source>
        <translation>可行解，未证明最优（差距未知）</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2, %3 s) · placed: %4 · land %5 mu · total score %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2，%3 秒）· 安排：%4 · 供地 %5 亩 · 总得分 %6</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Each project taking its best free site in turn (greedy) would score %1.</source>
        <translation>对照：各项目依次挑选最优空闲地块（贪心）总得分为 %1。</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>%1 pinned to %2</source>
        <translation>%1 锁定 %2</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>%1 not on %2</source>
        <translation>%1 不用 %2</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>%1 held out</source>
        <translation>%1 本轮保留</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>No what-ifs: right-click a row to pin, forbid or hold a site.</source>
        <translation>无假设条件：在表格行上右击可锁定、禁止或保留地块。</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>What-ifs: %1</source>
        <translation>假设条件：%1</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Keep %1 on %2 (pin)</source>
        <translation>锁定 %1 使用 %2</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Not %2 for %1 (forbid)</source>
        <translation>禁止 %1 使用 %2</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Hold %1 out of this round</source>
        <translation>本轮保留 %1（不参与分配）</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Pin %1 to another site…</source>
        <translation>将 %1 锁定到其他地块…</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Pin a project</source>
        <translation>锁定项目</translation>
    </message>
    <message>
        <location filename="../app/plan_panel.cpp"/>
        <source>Site id (parcel, building or assembly) for %1:</source>
        <translation>%1 的地块编号（地块、楼宇或组合）：</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::ProblemDialog</name>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="206"/>
        <source>New problem of project %1</source>
        <translation>登记项目 %1 的问题</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="218"/>
        <source>Due by</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="222"/>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="223"/>
        <source>Department that must act:</source>
        <translation>责任部门：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="224"/>
        <source>Problem:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="225"/>
        <source>Logged on:</source>
        <translation>登记日期：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="252"/>
        <source>Name the problem and the department that must act.</source>
        <translation>请填写问题内容和责任部门。</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::ProjectsPanel</name>
    <message>
        <location filename="../app/projects_panel.cpp" line="105"/>
        <location filename="../app/projects_panel.cpp" line="111"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="105"/>
        <location filename="../app/projects_panel.cpp" line="111"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="105"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="105"/>
        <source>Ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="109"/>
        <source>Overdue only</source>
        <translation>仅看逾期</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="110"/>
        <source>Open problems past their due date, or commitment dates passed (start of construction, completion, production)</source>
        <translation>问题超过办理期限未解决，或承诺的开工、竣工、投产日期已过</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="111"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="111"/>
        <location filename="../app/projects_panel.cpp" line="291"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="111"/>
        <source>Area (mu)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="112"/>
        <source>Match</source>
        <translation>匹配选址</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="113"/>
        <source>Rank the parcels (or buildings) that meet the selected project&apos;s hard rules, with the engine&apos;s matching</source>
        <translation>用匹配引擎为所选项目筛选并排序满足硬性条件的地块（或楼宇）</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="156"/>
        <source>stalled %1 d</source>
        <translation>停滞 %1 天</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="157"/>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="158"/>
        <source>grade %1</source>
        <translation>评级 %1</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="165"/>
        <source>No stage change since %1 (%2 days)</source>
        <translation>自 %1 起阶段未变（%2 天）</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/projects_panel.cpp" line="166"/>
        <source>%n open problem(s) past due</source>
        <translation>
            <numerusform>%n 个问题逾期未解决</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/projects_panel.cpp" line="167"/>
        <source>%n commitment date(s) passed</source>
        <translation>
            <numerusform>%n 项承诺逾期</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="229"/>
        <source>Supply chain</source>
        <translation>产业链配套</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="230"/>
        <source>Park specialisation</source>
        <translation>园区主导产业</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="231"/>
        <source>Area fit</source>
        <translation>面积匹配</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="232"/>
        <source>Price</source>
        <translation>地价</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="233"/>
        <source>Infrastructure</source>
        <translation>基础设施</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="234"/>
        <source>Availability</source>
        <translation>可供时间</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="235"/>
        <source>Compactness</source>
        <translation>地块形状</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="236"/>
        <source>Constraint penalty</source>
        <translation>管控约束扣分</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="237"/>
        <source>Preferred subdistrict</source>
        <translation>意向街道</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="238"/>
        <source>Floor area fit</source>
        <translation>建筑面积匹配</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="239"/>
        <location filename="../app/projects_panel.cpp" line="253"/>
        <source>Rent</source>
        <translation>租金</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="243"/>
        <source>Distance to %1</source>
        <translation>距%1距离</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="250"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="250"/>
        <source>Land use</source>
        <translation>用地性质</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="251"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="251"/>
        <source>Height limit</source>
        <translation>限高</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="252"/>
        <source>Water source protection</source>
        <translation>水源保护</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="253"/>
        <source>Building type</source>
        <translation>建筑类型</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="255"/>
        <source>Constraint %1</source>
        <translation>管控：%1</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="256"/>
        <source>Near %1</source>
        <translation>临近%1</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="262"/>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="263"/>
        <source>weak</source>
        <translation>偏弱</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="264"/>
        <source>fail</source>
        <translation>不通过</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="265"/>
        <source>incomplete</source>
        <translation>数据不全</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="289"/>
        <source>&lt;h3&gt;#%1 %2 %3&lt;/h3&gt;&lt;p&gt;Score %4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;第 %1 名 %2 %3&lt;/h3&gt;&lt;p&gt;得分 %4&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="291"/>
        <source>Criterion</source>
        <translation>评价指标</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="291"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="291"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="300"/>
        <source>&lt;p&gt;Considered %1, candidates %2. Rejected: %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;参与比选 %1 个，候选 %2 个。排除原因：%3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="300"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="305"/>
        <source>&lt;h3&gt;%1 is a candidate&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;%1 为候选地块&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="306"/>
        <source>&lt;h3&gt;Why not %1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;%1 为何未入选&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="320"/>
        <source>&lt;h3&gt;Evaluation: grade %1 %2 (%3 / 100)%4&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;项目评价：%1 级 %2（%3 / 100）%4&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="323"/>
        <source>, provisional</source>
        <translation>，暂定</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="119"/>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="106"/>
        <source>Stalled over</source>
        <translation>停滞超过</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="107"/>
        <source>Only projects with no stage change for at least the days given (not operating, not dropped)</source>
        <translation>只看阶段未变超过所设天数的项目（投产、终止的除外）</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="108"/>
        <source> d</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../app/projects_panel.cpp" line="124"/>
        <source>All sectors</source>
        <translation>全部产业</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::ResolveProblemDialog</name>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="269"/>
        <source>Resolve problem %1</source>
        <translation>办结问题 %1</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="271"/>
        <source>%1 (%2, %3): %4</source>
        <translation>%1（%2，%3）：%4</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="281"/>
        <source>Resolved on:</source>
        <translation>办结日期：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="282"/>
        <source>How it was resolved:</source>
        <translation>办理结果：</translation>
    </message>
</context>
<context>
    <name>landbank::viewer::StageMoveDialog</name>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="50"/>
        <source>Refused by the rule “%1”: %2</source>
        <translation>不符合规则“%1”：%2</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="66"/>
        <source>the move skips a stage (lead → negotiating → signed → landed → building → operating)</source>
        <translation>跳过了阶段（线索 → 洽谈 → 签约 → 落地 → 在建 → 投产）</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="67"/>
        <source>the move goes back to an earlier stage</source>
        <translation>阶段倒退</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="68"/>
        <source>a dropped project cannot be reopened</source>
        <translation>已终止的项目不能重新启动</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="69"/>
        <source>the project is already at this stage</source>
        <translation>项目已处于该阶段</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="70"/>
        <source>a project is dropped with a reason</source>
        <translation>终止项目须写明原因</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="71"/>
        <source>landing names its site: a parcel, or a building with the floor taken</source>
        <translation>落地须指定地块，或楼宇及所用面积</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="72"/>
        <source>landing in a building names the floor taken</source>
        <translation>入驻楼宇须写明所用面积</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="73"/>
        <source>the parcel is already allocated to another project</source>
        <translation>地块已供给其他项目</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="74"/>
        <source>the parcel is reserved for another project</source>
        <translation>地块已为其他项目预留</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="75"/>
        <source>the building has less vacant floor than the project takes</source>
        <translation>楼宇空置面积小于项目所需面积</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="76"/>
        <source>name a parcel or a building, not both</source>
        <translation>地块和楼宇只能指定一个</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="77"/>
        <source>a site is named only when the project lands</source>
        <translation>只有落地时才指定地块或楼宇</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="87"/>
        <source>Move project %1 to another stage</source>
        <translation>推进项目 %1 的阶段</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="89"/>
        <source>%1 %2 — now at stage “%3”</source>
        <translation>%1 %2 — 当前阶段“%3”</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="112"/>
        <source>the project&apos;s floor need</source>
        <translation>按项目所需面积</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="113"/>
        <source>New stage:</source>
        <translation>新阶段：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="114"/>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="115"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="116"/>
        <source>Reason (when dropped):</source>
        <translation>原因（终止时）：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="117"/>
        <source>Lands on parcel:</source>
        <translation>落地地块：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="118"/>
        <source>Or in building:</source>
        <translation>或入驻楼宇：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="119"/>
        <source>Floor taken:</source>
        <translation>所用面积：</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="125"/>
        <source>Force this move against the rule (the history flags it as forced)</source>
        <translation>强制推进，越过规则（历史记录中标记为强制）</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="157"/>
        <source>Allowed. Landing names its site: the parcel becomes allocated in the same step.</source>
        <translation>可以推进。落地须指定地块：地块状态同时改为已供地。</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="157"/>
        <source>Allowed.</source>
        <translation>可以推进。</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="160"/>
        <source>Rule “%1”: %2.</source>
        <translation>规则“%1”：%2。</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="161"/>
        <source>Refused unless forced.</source>
        <translation>不勾选强制则不予推进。</translation>
    </message>
    <message>
        <location filename="../app/ledger_dialogs.cpp" line="161"/>
        <source>Cannot be forced.</source>
        <translation>不能强制推进。</translation>
    </message>
</context>
</TS>
