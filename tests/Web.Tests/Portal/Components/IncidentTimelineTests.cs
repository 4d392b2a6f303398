using Bunit;
using ControlPlane.Web.Portal.Shared;
using ControlPlane.Web.Portal.Incidents;
using ControlPlane.Wire.Incidents;
using static ControlPlane.Web.Tests.Portal.Components.IncidentViews;

namespace ControlPlane.Web.Tests.Portal.Components;

public sealed class IncidentTimelineTests
{
    [Fact]
    public async Task Every_step_is_listed_in_time_order_with_its_evidence_lines_and_the_path_is_done_to_recovered()
    {
        var incident = Of(IncidentState.Recovered, "recovered",
            Step(0, "signal", "node:h20-02", "xid-48: double-bit ECC error (action: ResetGpu)"),
            Step(0, "blame", "failover", "candidate: GPU 3 of h20-02", "candidate: node h20-02"),
            Step(1, "quarantine", "failover"),
            Step(2, "re-place", "failover"),
            Step(9, "applied", "deployment:qwen"),
            Step(8, "drained", "deployment:qwen"),
            Step(20, "recovered", "deployment:qwen"));
        await using var context = new PortalComponentContext("viewer");

        var timeline = context.Render<IncidentTimeline>(p => p.Add(t => t.Incident, incident));

        // The deployment told "drained" after "applied", with an earlier time: the page lists it by time.
        Assert.Equal(["signal", "blame", "quarantine", "re-place", "drained", "applied", "recovered"],
            timeline.FindAll("#incident-timeline > li").Select(li => li.GetAttribute("data-step")));
        Assert.Equal(["xid-48: double-bit ECC error (action: ResetGpu)"], timeline.FindAll("li[data-step=signal] ul.evidence code").Select(c => c.TextContent));
        Assert.Equal(["candidate: GPU 3 of h20-02", "candidate: node h20-02"], timeline.FindAll("li[data-step=blame] ul.evidence code").Select(c => c.TextContent));
        Assert.Empty(timeline.FindAll("li[data-step=quarantine] ul.evidence"));
        Assert.Contains("node:h20-02", timeline.Find("li[data-step=signal] .actor").TextContent, StringComparison.Ordinal);
        Assert.Equal(IncidentStages.Path, timeline.FindAll("#incident-stages [data-stage]").Select(s => s.GetAttribute("data-stage")));
        Assert.All(timeline.FindAll("#incident-stages [data-stage]"), s => Assert.Equal("done", s.GetAttribute("data-stage-state")));
    }

    [Fact]
    public async Task A_plan_only_replacement_reaches_recovered_with_nothing_applied()
    {
        var incident = Of(IncidentState.Recovered, "recovered",
            Step(0, "signal", "node:h20-02", "xid-48: double-bit ECC error (action: ResetGpu)"),
            Step(0, "blame", "failover"),
            Step(1, "quarantine", "failover"),
            Step(1, "re-place", "failover"),
            Step(1, "recovered", "failover"),
            Step(1, "drained", "deployment:qwen"));
        await using var context = new PortalComponentContext("viewer");

        var timeline = context.Render<IncidentTimeline>(p => p.Add(t => t.Incident, incident));

        Assert.Equal(["done", "done", "done", "done", "done", "skipped", "done"], StageStates(timeline));
        Assert.Equal(6, timeline.FindAll("#incident-timeline > li").Count);
    }

    [Fact]
    public void Recovered_is_marked_done_only_by_a_recovered_entry_of_the_timeline()
    {
        var incident = Of(IncidentState.Recovered, "recovered",
            Step(0, "signal", "node:h20-02"), Step(0, "blame", "failover"), Step(1, "quarantine", "failover"), Step(1, "re-place", "failover"));

        Assert.Equal(StageState.Pending, IncidentStages.Of(incident).Single(m => m.Stage == "recovered").State);
    }

    [Fact]
    public async Task An_incident_still_placing_its_replacement_shows_the_later_stages_pending()
    {
        await using var context = new PortalComponentContext("viewer");

        var timeline = context.Render<IncidentTimeline>(p => p.Add(t => t.Incident, Open()));

        Assert.Equal(["done", "done", "done", "pending", "pending", "pending", "pending"], StageStates(timeline));
    }

    [Fact]
    public void A_manual_failover_skips_the_quarantine_it_never_asked_for()
    {
        var incident = Of(IncidentState.Mitigated, "applied",
            Step(0, "signal", "operator:alice"), Step(0, "blame", "failover"), Step(1, "re-place", "failover"), Step(2, "drained", "deployment:qwen"), Step(3, "applied", "deployment:qwen")) with
        {
            Kind = IncidentKind.Manual,
        };

        var marks = IncidentStages.Of(incident);

        Assert.Equal(StageState.Skipped, marks.Single(m => m.Stage == "quarantine").State);
        Assert.Equal(StageState.Pending, marks.Single(m => m.Stage == "recovered").State);
        Assert.Equal(Opened.AddSeconds(1), marks.Single(m => m.Stage == "re-place").At);
    }

    private static string[] StageStates(IRenderedComponent<IncidentTimeline> timeline) =>
        [.. timeline.FindAll("#incident-stages [data-stage]").Select(s => s.GetAttribute("data-stage-state") ?? "")];
}
