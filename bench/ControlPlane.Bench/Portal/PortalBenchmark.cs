using System.Diagnostics;
using ControlPlane.Web.Hosting;
using ControlPlane.Web.Portal.Fleet;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using ControlPlane.Bench.Hosting;

namespace ControlPlane.Bench.Portal;

/// <summary>
/// The fleet page's first screen with N simulated nodes, in the machine's own headless Chromium:
/// starts the embedded control plane with <c>--ControlPlane:Simulator:Nodes=N</c> on 127.0.0.1, waits
/// until every node is in the portal's fleet snapshot, signs in, then times each fresh load of
/// <c>/</c> from navigation until the first node rows are painted and the live circuit is attached.
/// </summary>
public static class PortalBenchmark
{
    private const string AdminKey = "bench-admin-key-0123456789abcdef";
    private const string Chromium = "/usr/bin/chromium";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        // What is measured is the page, not ingestion: nodes report (and heartbeats are expected) this often.
        var result = await MeasureAsync(args.Int("nodes", 10_000), args.Int("rounds", 5), args.Int("settle-seconds", 600), TimeSpan.FromSeconds(args.Int("interval-seconds", 30)));
        return result.Passed ? 0 : 1;
    }

    public static async Task<PortalResult> MeasureAsync(int nodes, int rounds, int settleSeconds, TimeSpan interval)
    {
        Console.WriteLine($"portal: {nodes} simulated nodes reporting every {interval.TotalSeconds} s, {rounds} measured page loads, 127.0.0.1 only, {Chromium}");

        await using var app = ControlPlaneApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--CONTROLPLANE_ADMIN_KEY={AdminKey}",
            "--ControlPlane:Simulator:Enabled=true",
            $"--ControlPlane:Simulator:Nodes={nodes}",
            $"--ControlPlane:Simulator:Interval={interval:c}",
            $"--ControlPlane:Health:HeartbeatInterval={interval:c}",
            $"--ControlPlane:Silo:Port={BenchControlPlane.FreePort()}",
            $"--ControlPlane:Silo:GatewayPort={BenchControlPlane.FreePort()}",
        ], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var snapshots = app.Services.GetRequiredService<FleetSnapshotService>();
        var settling = Stopwatch.StartNew();
        while (snapshots.Current.Nodes.Count < nodes)
        {
            if (settling.Elapsed > TimeSpan.FromSeconds(settleSeconds))
            {
                Console.Error.WriteLine($"only {snapshots.Current.Nodes.Count} of {nodes} nodes reported within {settleSeconds} s");
                return new PortalResult(nodes, double.NaN, double.NaN, 0);
            }

            await Task.Delay(500);
            if (settling.Elapsed.Seconds % 15 == 0)
            {
                Console.WriteLine($"settling: {snapshots.Current.Nodes.Count} of {nodes} nodes after {settling.Elapsed.TotalSeconds:F0} s");
            }
        }

        Console.WriteLine($"fleet: {snapshots.Current.Nodes.Count} nodes in the portal's snapshot after {settling.Elapsed.TotalSeconds:F0} s");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address, ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#key", AdminKey);
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#fleet-table tr[data-row]");

        // One unmeasured load: the first ever render JIT-compiles the page's code paths.
        await FirstScreenAsync(page);
        var times = new List<double>(rounds);
        var rows = 0;
        for (var i = 0; i < rounds; i++)
        {
            (var ms, rows) = await FirstScreenAsync(page);
            times.Add(ms);
            Console.WriteLine($"load {i + 1}: first screen in {ms:F0} ms ({rows} rows painted)");
        }

        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"RESULT portal nodes={nodes} first_screen_ms={median:F0} max_ms={times[^1]:F0} rows_painted={rows}");
        await app.StopAsync();
        return new PortalResult(nodes, median, times[^1], rows);
    }

    /// <summary>From navigation until node rows are painted and the circuit is live (typing and sorting work).</summary>
    private static async Task<(double Ms, int Rows)> FirstScreenAsync(IPage page)
    {
        await page.GotoAsync("about:blank");
        var watch = Stopwatch.StartNew();
        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("#fleet-table tr[data-row]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        await page.WaitForSelectorAsync("#live-indicator[data-live=true]");
        var ms = watch.Elapsed.TotalMilliseconds;
        return (ms, await page.Locator("#fleet-table tr[data-row]").CountAsync());
    }

}
