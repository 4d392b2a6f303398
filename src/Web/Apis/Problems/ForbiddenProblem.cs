using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>403 for an authenticated caller acting outside its own resource (an agent reporting for another node).</summary>
internal sealed class ForbiddenProblem(string detail) : ProblemResult(StatusCodes.Status403Forbidden, "Forbidden", detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status403Forbidden);
}
