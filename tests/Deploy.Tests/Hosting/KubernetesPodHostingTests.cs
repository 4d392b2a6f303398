using ControlPlane.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ControlPlane.Deploy.Tests.Hosting;

public class KubernetesPodHostingTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void A_pod_is_recognised_only_when_both_its_name_and_namespace_are_set()
    {
        Assert.True(KubernetesPodHosting.InPod(Environment(("POD_NAME", "controlplane-silo-7d9f"), ("POD_NAMESPACE", "controlplane"))));
        Assert.False(KubernetesPodHosting.InPod(Environment(("POD_NAME", "controlplane-silo-7d9f"))));
        Assert.False(KubernetesPodHosting.InPod(Environment(("POD_NAMESPACE", "controlplane"))));
        Assert.False(KubernetesPodHosting.InPod(Environment(("POD_NAME", " "), ("POD_NAMESPACE", "controlplane"))));
        Assert.False(KubernetesPodHosting.InPod(Environment()));
    }

    [Fact]
    public void In_a_pod_the_silo_gets_Orleans_Kubernetes_hosting_and_its_ready_port_and_elsewhere_neither()
    {
        var inPod = Services(Environment(("POD_NAME", "controlplane-silo-7d9f"), ("POD_NAMESPACE", "controlplane")));
        var elsewhere = Services(Environment());

        Assert.Contains("Orleans.Hosting.Kubernetes.KubernetesHostingOptions", KubernetesServices(inPod));
        Assert.Single(inPod, d => !d.IsKeyedService && d.ImplementationInstance is SiloReadyPort);
        Assert.Empty(KubernetesServices(elsewhere));
        Assert.DoesNotContain(elsewhere, d => !d.IsKeyedService && d.ImplementationInstance is SiloReadyPort);
    }

    private static List<ServiceDescriptor> Services(Func<string, string?> environment)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseKubernetesHostingInPod(environment));
        return [.. builder.Services];
    }

    /// <summary>
    /// The services of namespace Orleans.Hosting.Kubernetes registered (its options, their validator, the cluster agent);
    /// the assembly's generated serializer metadata is registered whenever it is referenced, so it does not count.
    /// </summary>
    private static List<string> KubernetesServices(List<ServiceDescriptor> services) =>
        [.. services
            .Where(d => !d.IsKeyedService)
            .SelectMany(d => new[] { d.ServiceType, d.ImplementationType }.OfType<Type>())
            .SelectMany(t => t.GenericTypeArguments.Append(t))
            .Where(t => t.Namespace == "Orleans.Hosting.Kubernetes")
            .Select(t => t.FullName ?? t.Name)
            .Distinct()];
}
