using ControlPlane.Contracts.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>
/// A grain that refused its input (<see cref="InvalidInputException"/>: the validators REST uses, run where the state is)
/// is answered as an endpoint's own validation would be: 400 <c>application/problem+json</c> naming each field.
/// </summary>
internal sealed class InvalidInputExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not InvalidInputException invalid || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(invalid.Errors) { Status = StatusCodes.Status400BadRequest, Title = invalid.Title },
        });
    }
}
