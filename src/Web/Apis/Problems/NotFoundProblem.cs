using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>404: the named resource does not exist.</summary>
internal sealed class NotFoundProblem(string title, string detail) : ProblemResult(StatusCodes.Status404NotFound, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound);
}
