using k8s.Models;

namespace ControlPlane.Kubernetes;

public static class Capabilities
{
    public static void Add(V1Container container, string capability)
    {
        container.SecurityContext ??= new V1SecurityContext();
        container.SecurityContext.Capabilities ??= new V1Capabilities();
        container.SecurityContext.Capabilities.Add ??= [];
        if (!container.SecurityContext.Capabilities.Add.Contains(capability))
        {
            container.SecurityContext.Capabilities.Add.Add(capability);
        }
    }
}
