using Bunit;
using ControlPlane.Web.Portal.Fleet;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Fleet;
using Microsoft.JSInterop;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>
/// The fleet table's own row window (issue 23, bug 12) without a browser: which rows and spacers it renders for what
/// row-window.js reports, and that stale or wrong reports are clamped, never thrown. The scrolling itself is
/// <see cref="FleetScrollTests"/> in Chromium.
/// </summary>
public sealed class FleetTableBodyTests
{
    private const int Height = FleetTableBody.RowHeight;
    private const int Overscan = FleetTableBody.Overscan;
    private static readonly FleetRow[] Thousand = [.. Enumerable.Range(0, 1000).Select(i => Row($"n{i:D4}"))];

    [Fact]
    public async Task First_render_holds_the_first_rows_and_one_hidden_spacer_for_the_rest()
    {
        await using var context = new PortalComponentContext(role: null);
        var body = Render(context, Thousand, new FleetQuery());

        var rows = body.FindAll("tr[data-row]");
        Assert.Equal("n0000", rows[0].GetAttribute("data-row"));
        Assert.InRange(rows.Count, Overscan, 2 * Overscan);
        Assert.Empty(body.FindAll("tr.spacer:first-child:not(:last-child)"));
        var spacer = Assert.Single(body.FindAll("tr.spacer"));
        Assert.Equal("true", spacer.GetAttribute("aria-hidden"));
        Assert.Equal($"height:{(1000 - rows.Count) * Height}px", spacer.GetAttribute("style"));
        Assert.Empty(spacer.Children);
    }

    [Fact]
    public async Task Show_renders_the_rows_around_the_first_visible_one_between_two_spacers()
    {
        await using var context = new PortalComponentContext(role: null);
        var body = Render(context, Thousand, new FleetQuery());

        await body.InvokeAsync(() => body.Instance.Show(500, 20));

        AssertWindow(body, 500 - Overscan, 500 + 20 + Overscan);
    }

    [Theory]
    [InlineData(-7, -3, 0, 1 + Overscan)]
    [InlineData(0, 0, 0, 1 + Overscan)]
    [InlineData(1_000_000, 20, 1000 - 20 - Overscan, 1000)]
    [InlineData(int.MaxValue, int.MaxValue, 1000 - 200 - Overscan, 1000)]
    [InlineData(int.MinValue, int.MinValue, 0, 1 + Overscan)]
    public async Task Bad_indices_from_the_browser_are_clamped_into_the_list(int first, int visible, int start, int end)
    {
        await using var context = new PortalComponentContext(role: null);
        var body = Render(context, Thousand, new FleetQuery());

        await body.InvokeAsync(() => body.Instance.Show(first, visible));

        AssertWindow(body, start, end);
    }

    [Fact]
    public async Task A_list_that_shrank_under_the_window_shows_its_last_rows_and_a_new_query_starts_at_the_top()
    {
        await using var context = new PortalComponentContext(role: null);
        var body = Render(context, Thousand, new FleetQuery());
        await body.InvokeAsync(() => body.Instance.Show(900, 20));

        body.Render(p => p.Add(b => b.Rows, Thousand[..100]));
        AssertWindow(body, 100 - 20 - Overscan, 100);

        body.Render(p => p.Add(b => b.Rows, Thousand).Add(b => b.Query, new FleetQuery(Search: "n")));
        AssertWindow(body, 0, 20 + Overscan);
    }

    [Fact]
    public async Task Pool_headers_are_rows_of_the_window_and_an_operator_picks_a_row()
    {
        await using var context = new PortalComponentContext(role: null);
        NodePick? picked = null;
        FleetRow[] grouped = [new(new PoolHeader("a100", 2, 16, 0, 0), null), Row("a100-01"), Row("a100-02")];
        var body = context.Render<FleetTableBody>(p => p
            .Add(b => b.Rows, grouped)
            .Add(b => b.Query, new FleetQuery(GroupByPool: true))
            .Add(b => b.Operate, true)
            .Add(b => b.Picked, new HashSet<string> { "a100-02" })
            .Add(b => b.OnPick, pick => picked = pick));

        Assert.Equal("14", body.Find("tr[data-pool-header=a100] td").GetAttribute("colspan"));
        Assert.Empty(body.FindAll("tr.spacer"));
        Assert.True(body.Find("input[data-pick=a100-02]").HasAttribute("checked"));
        body.Find("input[data-pick=a100-01]").Change(true);
        Assert.Equal(new NodePick("a100-01", true), picked);
    }

    [Fact]
    public async Task Disposing_after_the_circuit_went_away_does_not_throw()
    {
        await using var context = new PortalComponentContext(role: null);
        var module = context.JSInterop.SetupModule("./row-window.js");
        var listener = module.SetupModule("attach", _ => true);
        listener.SetupVoid("dispose").SetException(new JSDisconnectedException("the circuit is gone"));
        var body = Render(context, Thousand, new FleetQuery());

        var attach = Assert.Single(module.Invocations, i => i.Identifier == "attach");
        Assert.Equal([FleetTableBody.RowHeight, FleetTableBody.Lead], attach.Arguments.Skip(2));
        await body.Instance.DisposeAsync();
        Assert.Single(listener.Invocations, i => i.Identifier == "dispose");
        await body.Instance.DisposeAsync();
    }

    private static IRenderedComponent<FleetTableBody> Render(PortalComponentContext context, FleetRow[] rows, FleetQuery query) =>
        context.Render<FleetTableBody>(p => p.Add(b => b.Rows, rows).Add(b => b.Query, query));

    private static void AssertWindow(IRenderedComponent<FleetTableBody> body, int start, int end)
    {
        var tbody = body.Find("tbody");
        Assert.Equal($"{start}", tbody.GetAttribute("data-window-start"));
        Assert.Equal($"{end}", tbody.GetAttribute("data-window-end"));
        var rows = body.FindAll("tr[data-row]");
        Assert.Equal(end - start, rows.Count);
        Assert.Equal(Thousand[start].Node!.Node, rows[0].GetAttribute("data-row"));
        var spacers = body.FindAll("tr.spacer").Select(s => s.GetAttribute("style")).ToArray();
        var total = int.Parse(tbody.GetAttribute("data-window-total")!, System.Globalization.CultureInfo.InvariantCulture);
        string[] expected = [.. new[] { start, total - end }.Where(n => n > 0).Select(n => $"height:{n * Height}px")];
        Assert.Equal(expected, spacers);
    }

    private static FleetRow Row(string name) => new(null, new FleetNode(
        new NodeSummary
        {
            Node = name, Pool = name.Split('-')[0], Health = HealthStatus.Healthy, Readiness = Readiness.Ready, Cordoned = false, GpuCount = 8,
            HealthyGpus = 8, ActiveNics = 1, Nics = 1, LastSeen = DateTimeOffset.UnixEpoch,
        },
        new GpuUse(8, 0, 0),
        null));
}
