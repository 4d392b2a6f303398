using Bunit;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Web.Portal;
using ControlPlane.Web.Portal.Layout;
using ControlPlane.Web.Portal.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>The badge sits in every page's layout: an incident count that cannot be read shows as unknown and never breaks the page.</summary>
public sealed class OpenIncidentsBadgeUnreadableTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_directory_that_times_out_shows_the_layout_with_an_unknown_badge_logged_once_and_the_next_refresh_shows_the_count()
    {
        var directory = new IncidentDirectoryStub { Failure = new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request [S127.0.0.1:11111:0 sys.svc.user.IncidentDirectory/incidents]") };
        var logs = new RecordedLogs();
        await using var context = Portal(directory, logs);

        var layout = context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<h1 id=\"page-title\">Fleet</h1>"))));

        Assert.Equal("Fleet", layout.Find("#page-title").TextContent);
        var badge = layout.Find("#nav-open-incidents");
        Assert.Equal("unknown", badge.GetAttribute("data-open-incidents"));
        Assert.Equal("? open", badge.TextContent);
        Assert.Contains("unknown", badge.ClassList);
        Assert.Contains("could not be read", badge.GetAttribute("title"), StringComparison.Ordinal);

        // Still unreadable over several refreshes: the badge polls on, and the outage is logged once, not once a refresh.
        await Task.Delay(TimeSpan.FromMilliseconds(450));
        var warning = Assert.Single(logs.Entries, e => e.Category == typeof(OpenIncidentsBadge).FullName);
        Assert.Equal((LogLevel.Warning, directory.Failure), (warning.Level, warning.Exception));

        directory.Failure = null;
        directory.Unresolved = 3;
        layout.WaitForAssertion(() => Assert.Equal("3", layout.Find("#nav-open-incidents").GetAttribute("data-open-incidents")), TimeSpan.FromSeconds(10));
        badge = layout.Find("#nav-open-incidents");
        Assert.Equal("3 open", badge.TextContent);
        Assert.Contains("some", badge.ClassList);
        Assert.Equal("3 incident(s) not resolved yet", badge.GetAttribute("title"));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_count_read_then_lost_turns_the_badge_unknown_instead_of_keeping_a_stale_number()
    {
        var directory = new IncidentDirectoryStub { Unresolved = 2 };
        await using var context = Portal(directory, new RecordedLogs());

        var badge = context.Render<OpenIncidentsBadge>(p => p.Add(b => b.Id, "fleet-open-incidents"));
        Assert.Equal("2", badge.Find("#fleet-open-incidents").GetAttribute("data-open-incidents"));

        directory.Failure = new Orleans.Runtime.SiloUnavailableException("silo S127.0.0.1:11111 is unavailable");
        badge.WaitForAssertion(() => Assert.Equal("unknown", badge.Find("#fleet-open-incidents").GetAttribute("data-open-incidents")), TimeSpan.FromSeconds(10));
        Assert.Equal("? open", badge.Find("#fleet-open-incidents").TextContent);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_badge_closed_while_its_first_read_waits_out_an_outage_leaves_no_poll_behind()
    {
        var directory = new IncidentDirectoryStub
        {
            Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            Failure = new TimeoutException("Response did not arrive on time in 00:00:30"),
        };
        var context = Portal(directory, new RecordedLogs());
        context.Render<OpenIncidentsBadge>(p => p.Add(b => b.Id, "fleet-open-incidents"));
        Assert.Equal(1, directory.Calls);

        await context.DisposeAsync(); // the operator navigated away while the read waited
        directory.Hold.SetResult();
        await Task.Delay(TimeSpan.FromMilliseconds(800)); // eight refresh periods of the options below

        Assert.Equal(1, directory.Calls);
    }

    private static PortalComponentContext Portal(IIncidentDirectoryGrain directory, RecordedLogs logs)
    {
        var context = new PortalComponentContext("viewer");
        context.Services.AddSingleton(OneGrainFactory.Of(directory));
        context.Services.AddSingleton(Options.Create(new PortalOptions { RefreshEvery = TimeSpan.FromMilliseconds(100) }));
        context.Services.AddLogging(l => l.AddProvider(logs));
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
