#!/usr/bin/python3
"""Peer measurement for the render benchmark: QGIS (python3-qgis, headless) draws the same layers
of the same Landbank database to an image of the same size and extents; prints the median ms per frame
(wall) and the median CPU ms of the process per frame (all its threads).

  QT_QPA_PLATFORM=offscreen python3 viewer/bench/qgis_render.py DB WxH FRAMES FULL_EXTENT WINDOW_EXTENT [PNG_PREFIX]

Extents are X1,Y1,X2,Y2 in the database CRS, as printed by landbank-render-bench. Parcels get a
categorised renderer by status (the same work as the viewer's status colours); the other layers
a single symbol each; park names are labelled, as in the viewer.
"""
import statistics
import sys
import time

from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem, QgsFillSymbol,
                       QgsMapRendererParallelJob, QgsMapSettings, QgsPalLayerSettings, QgsRectangle, QgsRendererCategory,
                       QgsVectorLayer, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

STATUS = {"reserved": "#4c9a5a", "available": "#34a8c8", "negotiating": "#eea028",
          "allocated": "#a078aa", "building": "#969696", "built": "#6e6e6e"}


def layer(db, table):
    lyr = QgsVectorLayer(f"dbname='{db}' table=\"{table}\" (geom)", table, "spatialite")
    if not lyr.isValid():
        sys.exit(f"qgis_render.py: cannot open layer {table} of {db}")
    return lyr


def main():
    db, size, frames, full, window = sys.argv[1:6]
    prefix = sys.argv[6] if len(sys.argv) > 6 else None
    width, height = (int(v) for v in size.split("x"))
    app = QgsApplication([], False)
    app.initQgis()
    layers = []
    for table in ["projects", "facilities", "buildings", "parks", "constraints", "parcels", "boundaries"]:
        layers.append(layer(db, table))
    by_name = {l.name(): l for l in layers}
    cats = [QgsRendererCategory(k, QgsFillSymbol.createSimple({"color": v, "outline_color": "#333333", "outline_width": "0.1"}), k)
            for k, v in STATUS.items()]
    by_name["parcels"].setRenderer(QgsCategorizedSymbolRenderer("status", cats))
    by_name["boundaries"].renderer().setSymbol(QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "#555555"}))
    pal = QgsPalLayerSettings()
    pal.fieldName = "name"
    by_name["parks"].setLabeling(QgsVectorLayerSimpleLabeling(pal))
    by_name["parks"].setLabelsEnabled(True)

    for name, extent in (("full extent", full), ("2 km window", window)):
        x1, y1, x2, y2 = (float(v) for v in extent.split(","))
        settings = QgsMapSettings()
        settings.setLayers(layers)
        settings.setDestinationCrs(by_name["parcels"].crs())
        settings.setOutputSize(QSize(width, height))
        settings.setExtent(QgsRectangle(x1, y1, x2, y2))
        settings.setBackgroundColor(QColor(245, 243, 238))
        times, cpu = [], []
        for i in range(int(frames) + 1):
            start = time.perf_counter()
            cpu_start = time.process_time()  # every thread of the process: QGIS draws layers in parallel
            job = QgsMapRendererParallelJob(settings)
            job.start()
            job.waitForFinished()
            image = job.renderedImage()
            if i > 0:  # the first frame warms caches (and opens the provider connections)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - cpu_start) * 1000)
        if prefix:
            image.save(f"{prefix}-{'full' if name == 'full extent' else '2km'}.png")
        print(f"  QGIS {name:12s} {width}x{height}: median {statistics.median(times):.1f} ms/frame over {frames} frames, "
              f"cpu {statistics.median(cpu):.1f} ms (all threads)")
    app.exitQgis()


if __name__ == "__main__":
    main()
