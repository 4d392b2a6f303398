using ControlPlane.Testing;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Tests.Hosting;

/// <summary>A bad configuration value stops the host at start, naming the key to fix.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("ControlPlane:Health:HeartbeatInterval", "00:00:00")]
    [InlineData("ControlPlane:Nodes:CordonHistoryLimit", "0")]
    [InlineData("ControlPlane:Fleet:MaxPageSize", "0")]
    [InlineData("ControlPlane:Ingestion:MaxProbeBytes", "12")]
    [InlineData("ControlPlane:Diagnose:MaxBytes", "12")]
    [InlineData("ControlPlane:Auth:AgentTokenCacheFor", "02:00:00")]
    [InlineData("ControlPlane:Auth:TokenSecret", "too-short")]
    [InlineData("ControlPlane:Gpus:MoveAfter", "-00:00:01")]
    [InlineData("ControlPlane:Simulator:Jitter", "2")]
    [InlineData("ControlPlane:Silo:AdvertisedIp", "not-an-ip")]
    [InlineData("ControlPlane:Telemetry:Otlp", "not a url")]
    [InlineData("ControlPlane:Kubernetes:DefaultBinding", "any-gpu")]
    [InlineData("ControlPlane:Kubernetes:Namespace", " ")]
    [InlineData("ControlPlane:Placement:Weights:TierStep", "-1")]
    [InlineData("ControlPlane:Placement:ExamplesPerReason", "5000")]
    public async Task An_invalid_value_fails_start_with_a_message_naming_its_key(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningControlPlane.StartAsync($"--{key}={value}"));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_mode_without_a_token_secret_fails_start_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningControlPlane.StartAsync("--ControlPlane:Redis=127.0.0.1:1"));

        Assert.Contains("ControlPlane:Auth:TokenSecret", error.Message, StringComparison.Ordinal);
    }
}
