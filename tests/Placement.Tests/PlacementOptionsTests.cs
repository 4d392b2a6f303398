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
        var options = new PlacementOptions { Weights = new PlacementWeights { TierStep = -1 } };

        var error = Assert.Single(Validate(options));

        Assert.Equal(["Weights.TierStep"], error.MemberNames);
    }

    [Fact]
    public void Engine_refuses_invalid_options()
    {
        var options = new PlacementOptions { Weights = new PlacementWeights { DegradedNode = -5 } };

        Assert.Throws<ValidationException>(() => new PlacementEngine(options));
    }

    private static List<ValidationResult> Validate(PlacementOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
