using Bunit;
using System.Text.Json;
using ControlPlane.Grains.Deployments;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;
using ControlPlane.Web.Portal.Deployments;

namespace ControlPlane.Web.Tests.Portal.Components;

public sealed class DeploymentFormTests
{
    [Fact]
    public async Task The_API_validators_errors_appear_under_the_fields_they_name()
    {
        var draft = new SpecDraft { Name = "qwen", PrefillTp = 0, Cuda = "11.0.9", TransferPolicy = "fastest" };
        var errors = DeploymentSpecChecks.Problems(draft.ToSpec(), largestNodeGpus: 8);
        await using var context = new PortalComponentContext("operator");

        var form = context.Render<DeploymentForm>(p => p.Add(f => f.Draft, draft).Add(f => f.Errors, errors));

        Assert.Contains("prefill.tp", errors.Keys);
        Assert.Contains("image.cuda", errors.Keys);
        Assert.Contains("transferPolicy", errors.Keys);
        Assert.Contains("prefill.tp:", form.Markup, StringComparison.Ordinal);
        Assert.Contains("transferPolicy:", form.Markup, StringComparison.Ordinal);
        Assert.Contains("image.cuda:", form.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("decode.tp:", form.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_draft_has_no_errors_and_a_tp_larger_than_any_node_is_named()
    {
        Assert.Empty(DeploymentSpecChecks.Problems(new SpecDraft { Name = "qwen" }.ToSpec(), largestNodeGpus: 8));

        var tooWide = DeploymentSpecChecks.Problems(new SpecDraft { Name = "qwen", DecodeTp = 16 }.ToSpec(), largestNodeGpus: 8);

        Assert.Contains("decode.tp", tooWide.Keys);
    }

    [Fact]
    public async Task Plan_and_apply_buttons_raise_their_callbacks()
    {
        var planned = 0;
        var applied = 0;
        await using var context = new PortalComponentContext("operator");
        var form = context.Render<DeploymentForm>(p => p
            .Add(f => f.Draft, new SpecDraft { Name = "qwen" })
            .Add(f => f.OnPlan, () => planned++)
            .Add(f => f.OnApply, () => applied++));

        form.Find("#plan-button").Click();
        form.Find("form").Submit();

        Assert.Equal(1, planned);
        Assert.Equal(1, applied);
    }

    [Fact]
    public void An_edit_keeps_spares_labels_and_a_custom_models_shape_the_form_has_no_input_for()
    {
        var spec = new SpecDraft { Name = "qwen" }.ToSpec() with
        {
            Model = "custom",
            CustomModel = new ModelSpec { Id = "in-house-70b", Layers = 80, KvHeads = 8, HeadDim = 128, WeightGiB = 140 },
            Spares = 2,
            Labels = new() { ["team"] = "search", ["tier"] = "" },
        };

        var draft = SpecDraft.From("qwen", spec);
        var again = draft.ToSpec();

        Assert.Equal("team=search, tier", draft.Labels);
        Assert.Equal(JsonSerializer.Serialize(spec, ApiJson.Options), JsonSerializer.Serialize(again, ApiJson.Options));
    }

    [Fact]
    public async Task A_labels_error_is_shown_under_the_labels_field_not_in_the_unplaced_list()
    {
        var draft = new SpecDraft { Name = "qwen", Labels = "cost center=42, team=search" };
        var errors = DeploymentSpecChecks.Problems(draft.ToSpec(), largestNodeGpus: 8);
        await using var context = new PortalComponentContext("operator");

        var form = context.Render<DeploymentForm>(p => p.Add(f => f.Draft, draft).Add(f => f.Errors, errors));

        Assert.Equal(["labels.cost center"], errors.Keys);
        Assert.Contains("labels.cost center:", form.Markup, StringComparison.Ordinal);
        Assert.Empty(form.FindAll("#form-errors"));
    }
}
