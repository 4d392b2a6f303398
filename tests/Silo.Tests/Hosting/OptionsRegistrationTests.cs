using ControlPlane.Kubernetes;
using ControlPlane.Silo.Hosting;
using ControlPlane.Silo.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Silo.Tests.Hosting;

/// <summary>Options are bound by type from the keys the README lists, and checked when the host starts.</summary>
public sealed class OptionsRegistrationTests
{
    [Fact]
    public void Kubernetes_keys_directly_under_the_section_bind_the_connection_and_the_rendering_settings()
    {
        var configuration = Configuration(new()
        {
            ["ControlPlane:Kubernetes:Kubeconfig"] = "/etc/kube/config",
            ["ControlPlane:Kubernetes:Namespace"] = "llm",
            ["ControlPlane:Kubernetes:DefaultBinding"] = "dra",
            ["ControlPlane:Kubernetes:PoolBindings:h20"] = "exact-visible-devices",
            ["ControlPlane:Kubernetes:ModelPath"] = "/weights/qwen",
            ["ControlPlane:Kubernetes:ModelHostPath"] = "/mnt/models",
        });
        using var services = new ServiceCollection().AddControlPlaneDomainOptions(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<KubernetesOptions>>().Value;
        var h20 = options.RenderOptionsFor("h20");

        Assert.Equal("/etc/kube/config", options.Kubeconfig);
        Assert.False(options.PlanOnly);
        Assert.Equal(("llm", "dra", "exact-visible-devices"), (h20.Namespace, h20.DefaultBinding, h20.Binding));
        Assert.Equal(("/weights/qwen", "/mnt/models"), (h20.ModelPath, h20.ModelHostPath));
    }

    [Fact]
    public void Otlp_falls_back_to_the_OpenTelemetry_environment_variable()
    {
        var configuration = Configuration(new() { [TelemetryOptions.OtlpEnvironmentVariable] = "http://collector:4317" });
        using var services = new ServiceCollection().AddControlPlaneHostOptions(configuration).BuildServiceProvider();

        Assert.Equal("http://collector:4317", services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Otlp);
        Assert.Equal("http://collector:4317", TelemetryOptions.From(configuration).Otlp);
    }

    [Theory]
    [InlineData("ControlPlane:Silo:Port", "70000")]
    [InlineData("ControlPlane:Silo:GatewayPort", "11111")]
    [InlineData("ControlPlane:Silo:ClusterId", "")]
    [InlineData("ControlPlane:Outages:StorageTimeout", "00:00:05")]
    [InlineData("ControlPlane:Outages:ResponseTimeout", "00:05:00")]
    [InlineData("ControlPlane:Membership:NumMissedProbesLimit", "0")]
    [InlineData("ControlPlane:Membership:ProbeTimeout", "00:00:00.010")]
    [InlineData("ControlPlane:Tls:CaPath", "/nonexistent/ca.crt")]
    public async Task An_invalid_silo_value_fails_host_start_naming_its_key(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddControlPlaneHostOptions(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
