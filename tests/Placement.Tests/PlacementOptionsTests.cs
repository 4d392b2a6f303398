using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Placement.Tests;

public sealed class PlacementOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(Validate(new PlacementOptions()));
    }

    [Fact]
    public void Negative_weight_fails_validation_naming_the_nested_key()
    {
        var options = new PlacementOptions { Weights = new PlacementWeights { ["TierStep"] = -1 } };

        var error = Assert.Single(Validate(options));

        Assert.Equal(["Weights.TierStep"], error.MemberNames);
    }

    [Fact]
    public void Engine_refuses_invalid_options()
    {
        var options = new PlacementOptions { Weights = new PlacementWeights { ["DegradedNode"] = -5 } };

        Assert.Throws<ValidationException>(() => new PlacementEngine(options));
    }

    [Fact]
    public void A_weight_no_score_declares_fails_validation_naming_the_keys_there_are()
    {
        var options = new PlacementOptions { Weights = new PlacementWeights { ["TeirStep"] = 5 } };

        var error = Assert.Single(Validate(options));

        Assert.Equal(["Weights.TeirStep"], error.MemberNames);
        Assert.Contains("no score has a weight 'TeirStep'; one of TierStep, BandwidthPerGBps", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_weight_is_declared_by_its_score_once_and_a_key_not_set_takes_that_default()
    {
        var keys = PlacementPlugins.Weights.Select(w => w.Key).ToArray();

        Assert.Equal(keys.Length, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("DegradedNode", keys);
        Assert.Equal(DegradedNodeScore.Degraded.Default, new PlacementWeights().Of(DegradedNodeScore.Degraded));
        Assert.Equal(7, new PlacementWeights { ["degradednode"] = 7 }.Of(DegradedNodeScore.Degraded));
    }

    private static List<ValidationResult> Validate(PlacementOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
