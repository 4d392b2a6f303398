using ControlPlane.Deploy.Tests.Composition;

namespace ControlPlane.Deploy.Tests.Manifests;

public class SecurityContextTests
{
    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Every_pod_runs_as_non_root_under_the_runtime_default_seccomp_profile_and_shares_nothing_with_its_host(string folder) =>
        Assert.All(Workload.In(ManifestSet.Compose(folder)), w =>
        {
            Assert.True(w.Pod.SecurityContext?.RunAsNonRoot == true, $"{w}: runAsNonRoot is not set");
            Assert.True(w.Pod.SecurityContext.RunAsUser is > 0, $"{w}: no non-zero runAsUser");
            Assert.Equal("RuntimeDefault", w.Pod.SecurityContext.SeccompProfile?.Type);
            Assert.False(w.Pod.HostNetwork == true || w.Pod.HostPID == true || w.Pod.HostIPC == true, $"{w}: shares a host namespace");
        });

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Every_container_drops_all_capabilities_cannot_escalate_and_has_a_read_only_root_filesystem(string folder) =>
        Assert.All(ContainerTests.Containers(folder), x =>
        {
            var context = x.Container.SecurityContext;
            var where = $"{x.Workload} {x.Container.Name}";
            Assert.True(context?.AllowPrivilegeEscalation == false, $"{where}: allowPrivilegeEscalation is not false");
            Assert.True(context.Privileged != true, $"{where}: privileged");
            Assert.Equal(["ALL"], context.Capabilities?.Drop ?? []);
            Assert.True(context.Capabilities?.Add is null or { Count: 0 }, $"{where}: adds capabilities");
            Assert.True(context.ReadOnlyRootFilesystem == true, $"{where}: root filesystem is writable");
        });

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Only_the_agent_mounts_host_paths_and_only_proc_sys_and_os_release_read_only(string folder)
    {
        var withHostPaths = Workload.In(ManifestSet.Compose(folder)).Where(w => (w.Pod.Volumes ?? []).Any(v => v.HostPath is not null)).ToList();

        var agent = Assert.Single(withHostPaths);
        Assert.Equal("cp-agent", agent.Name);
        var hostVolumes = agent.Pod.Volumes.Where(v => v.HostPath is not null).ToDictionary(v => v.Name, v => v.HostPath.Path);
        Assert.Equal(["/etc/os-release", "/proc", "/sys"], hostVolumes.Values.Order(StringComparer.Ordinal));
        var mounts = agent.Pod.Containers.SelectMany(c => c.VolumeMounts).Where(m => hostVolumes.ContainsKey(m.Name)).ToList();
        Assert.Equal(3, mounts.Count);
        Assert.All(mounts, m => Assert.True(m.ReadOnlyProperty == true, $"{m.Name} is mounted writable"));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void The_agent_uses_the_nvidia_runtime_class_and_requests_no_gpu(string folder)
    {
        var agent = Workload.Named(ManifestSet.Compose(folder), "cp-agent");

        Assert.Equal("nvidia", agent.Pod.RuntimeClassName);
        var container = agent.Container("cp-agent");
        Assert.DoesNotContain(container.Resources.Requests.Keys.Concat(container.Resources.Limits.Keys), k => k.StartsWith("nvidia.com/", StringComparison.Ordinal));
        Assert.Equal("utility", container.Value("NVIDIA_DRIVER_CAPABILITIES"));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Only_the_silos_mount_a_service_account_token(string folder) =>
        Assert.All(Workload.In(ManifestSet.Compose(folder)).Where(w => w.Name != "controlplane-silo"), w =>
            Assert.True(w.Pod.AutomountServiceAccountToken == false, $"{w}: mounts a service account token"));
}
