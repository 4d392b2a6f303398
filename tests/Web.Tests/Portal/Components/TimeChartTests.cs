using System.Globalization;
using Bunit;
using ControlPlane.Web.Portal.Shared;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>The GPU charts' axes and hover values (issue 23 History: the sparklines had no axes, no times, no range).</summary>
public sealed class TimeChartTests
{
    [Fact]
    public async Task A_chart_has_a_value_axis_with_its_unit_a_time_axis_across_its_range_and_a_hover_title_per_point_in_range()
    {
        await using var context = new PortalComponentContext("viewer");
        var to = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        var from = to.AddHours(-1);
        (DateTimeOffset, double?)[] points = [(from.AddMinutes(-5), 99), (from.AddMinutes(10), 25), (from.AddMinutes(30), null), (from.AddMinutes(40), 87.5), (to, 60)];

        var chart = context.Render<TimeChart>(p => p.Add(c => c.Label, "util").Add(c => c.Title, "Utilisation").Add(c => c.Points, points)
            .Add(c => c.From, from).Add(c => c.To, to).Add(c => c.Unit, " %"));

        Assert.Equal(["0 %", "50 %", "100 %"], chart.FindAll("[data-y-tick]").Select(t => t.TextContent));
        var xTicks = chart.FindAll("[data-x-tick]");
        Assert.Equal(new[] { from, from.AddMinutes(30), to }, xTicks.Select(t => DateTimeOffset.FromUnixTimeSeconds(long.Parse(t.GetAttribute("data-x-tick")!, CultureInfo.InvariantCulture))));
        Assert.Equal(new[] { from, from.AddMinutes(30), to }.Select(t => t.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture)), xTicks.Select(t => t.TextContent));

        // The point before the range and the gap (null) are not drawn; each drawn point says when and how much on hover.
        var circles = chart.FindAll("circle.chart-point");
        Assert.Equal(["25", "87.5", "60"], circles.Select(c => c.GetAttribute("data-value")));
        Assert.Equal($"{from.AddMinutes(40).ToLocalTime():MM-dd HH:mm:ss} · 87.5 %", circles[1].QuerySelector("title")!.TextContent);
        Assert.Equal("60 %", chart.Find("[data-last='util']").TextContent);

        // x follows time, not the sample's position in the list.
        var xs = circles.Select(c => double.Parse(c.GetAttribute("cx")!, CultureInfo.InvariantCulture)).ToArray();
        // 30 then 20 minutes apart: the gaps are 3:2 (evenly spaced samples would be 1:1).
        Assert.Equal(1.5, (xs[1] - xs[0]) / (xs[2] - xs[1]), 0.02);
    }

    [Fact]
    public async Task A_chart_without_points_in_its_range_draws_axes_and_says_it_has_no_value()
    {
        await using var context = new PortalComponentContext("viewer");
        var to = DateTimeOffset.UtcNow;

        var chart = context.Render<TimeChart>(p => p.Add(c => c.Label, "temp").Add(c => c.Title, "Temperature").Add(c => c.Points, [])
            .Add(c => c.From, to.AddMinutes(-15)).Add(c => c.To, to).Add(c => c.Max, 110).Add(c => c.Unit, " °C"));

        Assert.Equal(["0 °C", "55 °C", "110 °C"], chart.FindAll("[data-y-tick]").Select(t => t.TextContent));
        Assert.Empty(chart.FindAll("circle"));
        Assert.Equal("–", chart.Find("[data-last='temp']").TextContent);
    }
}
