using Bunit;
using ControlPlane.Web.Portal.Shared;
using ControlPlane.Web.Portal.Deployments;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Web.Tests.Portal.Components;

public sealed class RoleGatedButtonTests
{
    [Theory]
    [InlineData("viewer", false)]
    [InlineData("operator", true)]
    [InlineData("admin", true)]
    public async Task Only_operators_and_admins_see_the_cordon_button(string role, bool sees)
    {
        await using var context = new PortalComponentContext(role);

        var panel = context.Render<CordonPanel>(p => p.Add(c => c.Cordon, CordonState.Open));

        Assert.Equal("Schedulable", panel.Find("#cordon-state").TextContent.Trim());
        Assert.Equal(sees, panel.FindAll("#cordon-button").Count == 1);
        Assert.Equal(sees, panel.FindAll("#cordon-reason").Count == 1);
    }

    [Theory]
    [InlineData("viewer", false)]
    [InlineData("operator", true)]
    public async Task Viewers_may_plan_but_only_operators_see_the_create_button(string role, bool sees)
    {
        await using var context = new PortalComponentContext(role);

        var form = context.Render<DeploymentForm>(p => p.Add(f => f.Draft, new SpecDraft()));

        Assert.Single(form.FindAll("#plan-button"));
        Assert.Equal(sees, form.FindAll("#apply-button").Count == 1);
    }

    [Fact]
    public async Task The_cordon_button_hands_the_flip_and_the_reason_to_the_page()
    {
        (bool Cordon, string Reason)? asked = null;
        await using var context = new PortalComponentContext("operator");
        var panel = context.Render<CordonPanel>(p => p
            .Add(c => c.Cordon, CordonState.Open)
            .Add(c => c.OnChange, (cordon, reason) => { asked = (cordon, reason); return Task.FromResult(true); }));

        panel.Find("#cordon-reason").Input("IB cable swap");
        panel.Find("#cordon-button").Click();

        Assert.Equal((true, "IB cable swap"), asked);
    }

    [Theory]
    [InlineData("viewer", false)]
    [InlineData("operator", true)]
    [InlineData("admin", true)]
    public async Task Only_operators_and_admins_see_acknowledge_and_resolve(string role, bool sees)
    {
        await using var context = new PortalComponentContext(role);

        var controls = context.Render<IncidentControls>(p => p.Add(c => c.Incident, IncidentViews.Open()));

        Assert.Equal("Not acknowledged", controls.Find("#incident-ack").TextContent.Trim());
        Assert.Equal(sees, controls.FindAll("#acknowledge-button").Count == 1);
        Assert.Equal(sees, controls.FindAll("#resolve-button").Count == 1);
        Assert.Equal(sees, controls.FindAll("#resolve-note").Count == 1);
    }

    [Fact]
    public async Task An_acknowledged_incident_offers_only_resolve_and_a_resolved_one_nothing()
    {
        await using var context = new PortalComponentContext("admin");
        var acknowledged = IncidentViews.Open() with { AcknowledgedBy = "operator:alice" };

        var controls = context.Render<IncidentControls>(p => p.Add(c => c.Incident, acknowledged));

        Assert.Equal("Acknowledged by operator:alice", controls.Find("#incident-ack").TextContent.Trim());
        Assert.Empty(controls.FindAll("#acknowledge-button"));
        Assert.Single(controls.FindAll("#resolve-button"));

        controls.Render(p => p.Add(c => c.Incident, acknowledged with { State = IncidentState.Resolved }));

        Assert.Empty(controls.FindAll("#resolve-button"));
        Assert.Empty(controls.FindAll("#resolve-note"));
    }

    [Fact]
    public async Task Acknowledge_and_resolve_hand_the_note_to_the_page_and_a_refused_note_shows_why()
    {
        var asked = new List<string>();
        await using var context = new PortalComponentContext("operator");
        var controls = context.Render<IncidentControls>(p => p
            .Add(c => c.Incident, IncidentViews.Open())
            .Add(c => c.OnAcknowledge, () => { asked.Add("ack"); return Task.FromResult(true); })
            .Add(c => c.OnResolve, note => { asked.Add("resolve: " + note); return Task.FromResult(false); }));

        controls.Find("#acknowledge-button").Click();
        controls.Find("#resolve-note").Input("DIMM replaced");
        controls.Find("#resolve-button").Click();
        controls.Render(p => p.Add(c => c.Error, "Note is at most 512 characters"));

        Assert.Equal(["ack", "resolve: DIMM replaced"], asked);
        Assert.Contains("Note is at most 512 characters", controls.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("viewer", false)]
    [InlineData("operator", true)]
    public async Task Only_operators_see_the_fail_over_button_and_never_on_pairs_being_removed(string role, bool sees)
    {
        var failedOver = new List<int>();
        await using var context = new PortalComponentContext(role);
        PairView[] pairs = [Pair(0), Pair(1) with { Incident = "inc-20261130-104512-000001" }];

        var current = context.Render<PairsTable>(p => p.Add(t => t.Pairs, pairs).Add(t => t.OnFailover, i => { failedOver.Add(i); return Task.CompletedTask; }));
        var removing = context.Render<PairsTable>(p => p.Add(t => t.Pairs, pairs).Add(t => t.Id, "removing-pairs"));

        Assert.Equal(sees ? 2 : 0, current.FindAll("[id^=failover-pair-]").Count);
        Assert.Empty(removing.FindAll("[id^=failover-pair-]"));
        Assert.Equal("/incidents/inc-20261130-104512-000001", current.Find("tr[data-pair='1'] a[data-pair-incident]").GetAttribute("href"));
        if (sees)
        {
            current.Find("#failover-pair-1").Click();
            Assert.Equal([1], failedOver);
        }
    }

    private static PairView Pair(int index) => new()
    {
        Id = $"qwen/pair-{index}",
        Index = index,
        State = PairState.Planned,
        Placement = new PairPlacement
        {
            Prefill = new ReplicaPlacement { Node = "h20-02", GpuIndices = [index * 2], GpuUuids = ["GPU-a"], GpuMinors = [index * 2] },
            Decode = new ReplicaPlacement { Node = "h20-02", GpuIndices = [(index * 2) + 1], GpuUuids = ["GPU-b"], GpuMinors = [(index * 2) + 1] },
            Tier = "same-node-nvlink",
            Wire = "NV18",
            EstimatedKvTransferMs = 3.4,
        },
    };
}
