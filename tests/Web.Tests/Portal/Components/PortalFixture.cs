using ControlPlane.Testing;
using Microsoft.Playwright;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>
/// The control plane with a simulated fleet, and the machine's own headless Chromium driven by
/// Playwright (its driver ships in the NuGet package; no browser is downloaded).
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ViewerKey = "test-viewer-key-0123456789abcdef";

    /// <summary>13 nodes: three H20s, so h20-01's NCCL 2.18.3 drifts from its pool's 2.18.5.</summary>
    public const int Nodes = 13;

    private IPlaywright? _playwright;

    public RunningControlPlane Plane { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} was not found. The portal tests drive the system Chromium: install it with 'apt-get install chromium'.");
        }

        Plane = await RunningControlPlane.StartAsync(
            "--ControlPlane:Simulator:Enabled=true",
            $"--ControlPlane:Simulator:Nodes={Nodes}",
            "--ControlPlane:Simulator:Interval=00:00:01",
            "--ControlPlane:Auth:ApiKeys:0:Name=viewer",
            "--ControlPlane:Auth:ApiKeys:0:Role=viewer",
            $"--ControlPlane:Auth:ApiKeys:0:Key={ViewerKey}");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context signed in with the key, on the fleet page.</summary>
    public async Task<IPage> SignedInPageAsync(string key = RunningControlPlane.AdminKey)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#key", key);
        await page.ClickAsync("#sign-in");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#fleet-table")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A fresh browser context (no cookies) on the control plane's address.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Plane.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Plane is not null)
        {
            await Plane.DisposeAsync();
        }
    }
}

/// <summary>A browser and a simulated fleet are heavy: this collection runs alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
