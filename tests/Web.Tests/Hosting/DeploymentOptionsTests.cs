using ControlPlane.Testing;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Tests.Hosting;

/// <summary>ControlPlane:Deployments (resync and retry timing) is checked at start like every other section.</summary>
public sealed class DeploymentOptionsTests
{
    [Theory]
    [InlineData("--ControlPlane:Deployments:ResyncInterval=00:00:00", "ControlPlane:Deployments:ResyncInterval")]
    [InlineData("--ControlPlane:Deployments:DegradedAfter=02:00:00", "ControlPlane:Deployments:DegradedAfter")]
    [InlineData("--ControlPlane:Deployments:ApplyRetryMax=00:00:01", "ControlPlane:Deployments:ApplyRetryMax")]
    public async Task An_invalid_deployment_timing_fails_start_naming_its_key(string setting, string key)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningControlPlane.StartAsync(setting));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
