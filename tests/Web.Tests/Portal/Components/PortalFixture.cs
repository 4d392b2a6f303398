using ControlPlane.Testing;
using Microsoft.Playwright;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>
/// The control plane with a simulated fleet, and the machine's own headless Chromium driven by
/// Playwright (its driver ships in the NuGet package; no browser is downloaded).
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string ViewerKey = "test-viewer-key-0123456789abcdef";

    /// <summary>13 nodes: three H20s, so h20-01's NCCL 2.18.3 drifts from its pool's 2.18.5.</summary>
    public const int Nodes = 13;

    private IPlaywright? _playwright;

    public RunningControlPlane Plane { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Plane = await RunningControlPlane.StartAsync(
            "--ControlPlane:Simulator:Enabled=true",
            $"--ControlPlane:Simulator:Nodes={Nodes}",
            "--ControlPlane:Simulator:Interval=00:00:01",
            "--ControlPlane:Auth:ApiKeys:0:Name=viewer",
            "--ControlPlane:Auth:ApiKeys:0:Role=viewer",
            $"--ControlPlane:Auth:ApiKeys:0:Key={ViewerKey}");
        _playwright = await Playwright.CreateAsync();
        Browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser context signed in with the key, on the fleet page.</summary>
    public Task<IPage> SignedInPageAsync(string key = RunningControlPlane.AdminKey) => HeadlessChromium.SignedInPageAsync(Browser, Plane.BaseAddress, key);

    /// <summary>A fresh browser context (no cookies) on the control plane's address.</summary>
    public Task<IPage> NewPageAsync() => HeadlessChromium.NewPageAsync(Browser, Plane.BaseAddress);

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
