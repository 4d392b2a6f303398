using Bunit;
using ControlPlane.Web.Components.Shared;
using ControlPlane.Web.Portal.Deployments;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Web.Tests.Components;

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
}
