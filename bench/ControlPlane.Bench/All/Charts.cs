using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace ControlPlane.Bench.All;

/// <summary>The SVG charts of one <c>all</c> run (OxyPlot's SVG exporter): latency distributions and throughput against fleet size.</summary>
public static class Charts
{
    /// <summary>Latency against percentile (log scale), one line per benchmark: where the tail starts shows at a glance.</summary>
    public static string LatencyDistribution(IEnumerable<(string Title, double[] SortedMs)> series)
    {
        var model = Model("Latency distribution (each request, 127.0.0.1)");
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "percentile", Minimum = 0, Maximum = 100, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Left, Title = "latency (ms)", MajorGridlineStyle = LineStyle.Dot });
        foreach (var (title, sorted) in series.Where(s => s.SortedMs.Length > 0))
        {
            var line = new LineSeries { Title = title, StrokeThickness = 1.5 };
            var step = Math.Max(1, sorted.Length / 500);
            for (var i = 0; i < sorted.Length; i += step)
            {
                line.Points.Add(new DataPoint(100.0 * (i + 1) / sorted.Length, Math.Max(sorted[i], 0.01)));
            }

            line.Points.Add(new DataPoint(100, Math.Max(sorted[^1], 0.01)));
            model.Series.Add(line);
        }

        return Export(model);
    }

    /// <summary>Throughput of each benchmark against the number of simulated nodes registered.</summary>
    public static string ThroughputByFleetSize(IEnumerable<(string Title, IReadOnlyList<(int Nodes, double PerSecond)> Points)> series)
    {
        var model = Model("Throughput against fleet size");
        model.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Bottom, Title = "simulated nodes", MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "per second", Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
        foreach (var (title, points) in series.Where(s => s.Points.Count > 0))
        {
            var line = new LineSeries { Title = title, MarkerType = MarkerType.Circle, MarkerSize = 4, StrokeThickness = 1.5 };
            line.Points.AddRange(points.Select(p => new DataPoint(p.Nodes, p.PerSecond)));
            model.Series.Add(line);
        }

        return Export(model);
    }

    private static PlotModel Model(string title)
    {
        var model = new PlotModel { Title = title, Background = OxyColors.White };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopLeft, LegendPlacement = LegendPlacement.Inside, LegendBackground = OxyColor.FromAColor(200, OxyColors.White) });
        return model;
    }

    private static string Export(PlotModel model) => SvgExporter.ExportToString(model, 720, 420, isDocument: true);
}
