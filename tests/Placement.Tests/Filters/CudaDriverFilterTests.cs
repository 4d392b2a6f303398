using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class CudaDriverFilterTests
{
    [Fact]
    public void Driver_that_supports_the_image_CUDA_passes()
    {
        Assert.Null(new CudaDriverFilter().Reject(Shape(Node("h20-01", NodeTemplates.H20)), Request(Spec(cuda: "12.4"))));
    }

    [Fact]
    public void Driver_too_old_for_the_image_CUDA_is_refused_with_the_reason()
    {
        var plan = Plan(Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, cc: ["8.0"], cuda: "12.4"), Index(Node("a100-01", NodeTemplates.A100)));

        Assert.False(plan.Complete);
        Assert.Contains("CudaDriverFilter: driver 535.183.01 supports CUDA 12.2, image needs CUDA 12.4 (driver ≥ 550.54.14)",
            Assert.Single(plan.Rejections).Reasons);
    }
}
