using ControlPlane.Probes.Smi;
using ControlPlane.Wire.Probes;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Smi;

/// <summary>The "Fabric" section of <c>nvidia-smi -q -x</c>: which multi-node NVLink domain a GPU is in, if any.</summary>
public sealed class GpuFabricTests
{
    [Fact]
    public void The_real_2xH200_capture_reads_as_registered_but_in_no_domain()
    {
        var report = NvidiaSmiXmlParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/nvidia-smi-q.xml"), "nvidia-smi-q.xml");

        Assert.All(report.Gpus, gpu =>
        {
            Assert.Equal(new GpuFabric { State = "Completed", Status = "Success", CliqueId = 0, ClusterUuid = "00000000-0000-0000-0000-000000000000" }, gpu.Fabric);
            Assert.Null(gpu.Fabric.DomainKey);
            Assert.False(gpu.Fabric.Unregistered);
        });
    }

    [Fact]
    public void A_gpu_registered_in_an_nvl72_domain_names_its_cluster_and_clique()
    {
        var fabric = new GpuFabric { State = "Completed", Status = "Success", CliqueId = 32766, ClusterUuid = "6C9D1E3A-9F1B-4C1E-8D2A-4B8F0E2C7A11", HealthSummary = "Healthy" };

        Assert.Equal("6c9d1e3a-9f1b-4c1e-8d2a-4b8f0e2c7a11/32766", fabric.DomainKey);
        Assert.False(fabric.Unregistered);
    }

    [Theory]
    [InlineData("In Progress", "Success")]
    [InlineData("Not Started", "N/A")]
    [InlineData("Completed", "Failure")]
    public void A_gpu_of_a_domain_that_has_not_completed_registration_is_in_no_domain_and_says_so(string state, string status)
    {
        var fabric = new GpuFabric { State = state, Status = status == "N/A" ? null : status, CliqueId = 32766, ClusterUuid = "6c9d1e3a-9f1b-4c1e-8d2a-4b8f0e2c7a11" };

        Assert.Null(fabric.DomainKey);
        Assert.True(fabric.Unregistered);
    }

    [Fact]
    public void A_capture_with_a_domain_parses_it_from_the_xml()
    {
        var xml = FixtureFiles.Read("gpu-hosts/h200x2-a/nvidia-smi-q.xml")
            .Replace("<clusterUuid>00000000-0000-0000-0000-000000000000</clusterUuid>", "<clusterUuid>6c9d1e3a-9f1b-4c1e-8d2a-4b8f0e2c7a11</clusterUuid>", StringComparison.Ordinal)
            .Replace("<cliqueId>0</cliqueId>", "<cliqueId>32766</cliqueId>", StringComparison.Ordinal);

        var report = NvidiaSmiXmlParser.Parse(xml, "nvidia-smi-q.xml");

        Assert.All(report.Gpus, gpu => Assert.Equal("6c9d1e3a-9f1b-4c1e-8d2a-4b8f0e2c7a11/32766", gpu.Fabric.DomainKey));
    }
}
