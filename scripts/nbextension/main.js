/**
 * gaugelab's extension for classic Jupyter Notebook 6: draws `application/vnd.plotly.v1+json` outputs as live
 * plotly figures (hover, zoom, pan), with the plotly.js of the project's own npm install, offline.
 *
 * The renderer is registered as safe, so figures are interactive in untrusted notebooks too: it only hands the
 * figure's JSON to plotly, which runs no script from it. It is ranked above image/png, which stays in every
 * figure's bundle for GitHub, nbviewer and a Notebook without this extension.
 *
 * `npm run kernel` (and `npm start`) install this file with plotly.min.js beside it in Jupyter's data dir,
 * under nbextensions/gaugelab/, and enable it in the Notebook's config.
 */
define(["require", "base/js/namespace", "notebook/js/outputarea"], function (require, Jupyter, outputarea) {
  "use strict";

  var MIME = "application/vnd.plotly.v1+json";
  var OutputArea = outputarea.OutputArea;

  /** Appends one figure to `element`; plotly draws it once the output is in the page. */
  function appendPlotly(figure, metadata, element) {
    var subarea = this.create_output_subarea(metadata, "output_gaugelab_plotly", MIME);
    var plot = document.createElement("div");
    plot.className = "gaugelab-plotly";
    subarea.append(plot);
    element.append(subarea);
    // plotly.js 4 is not an AMD module: loading it as a script sets window.Plotly.
    require(["./plotly.min"], function () {
      setTimeout(function () {
        window.Plotly.newPlot(plot, figure.data, figure.layout, figure.config || {});
      }, 0);
    });
    return subarea;
  }

  /** Draws again the outputs that were drawn (as PNG) before the renderer was registered. */
  function redrawLoadedFigures() {
    var wasDirty = Jupyter.notebook.dirty;
    Jupyter.notebook.get_cells().forEach(function (cell) {
      var area = cell.output_area;
      if (!area) return;
      var outputs = area.toJSON();
      var hasFigure = outputs.some(function (o) {
        return o.data && o.data[MIME] !== undefined;
      });
      if (!hasFigure || area.element.find(".output_gaugelab_plotly").length > 0) return;
      var trusted = area.trusted;
      area.clear_output();
      area.trusted = trusted; // clear_output marks the area trusted; keep what the notebook said
      area.fromJSON(outputs);
    });
    Jupyter.notebook.set_dirty(wasDirty);
  }

  function load_ipython_extension() {
    OutputArea.prototype.register_mime_type(MIME, appendPlotly, { safe: true, index: 0 });
    var notebook = Jupyter.notebook;
    if (!notebook) return;
    if (notebook._fully_loaded) redrawLoadedFigures();
    else notebook.events.one("notebook_loaded.Notebook", redrawLoadedFigures);
  }

  return { load_ipython_extension: load_ipython_extension };
});
