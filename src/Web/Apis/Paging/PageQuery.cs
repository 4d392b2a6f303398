using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Web.Apis.Paging;

/// <summary>
/// <c>?limit=</c> and <c>?continue=</c> of every list endpoint, bound as text so that a bad value
/// answers a validation problem naming the parameter rather than a bare 400 from binding.
/// </summary>
internal sealed class PageQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    [FromQuery(Name = "limit")]
    public string? Limit { get; init; }

    [FromQuery(Name = "continue")]
    public string? Continue { get; init; }

    /// <summary>
    /// Checks the limit and that the cursor is a token this API issued for <paramref name="listing"/>,
    /// keyed by <paramref name="keys"/> values that <paramref name="isValid"/> accepts.
    /// </summary>
    public bool TryRead(string listing, int keys, Func<string[], bool> isValid, [NotNullWhen(true)] out PageRequest? page, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        var errors = new Dictionary<string, string[]>();
        var limit = DefaultLimit;
        if (Limit is not null && (!int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"must be an integer 1..{MaxLimit}"];
        }

        string[] after = [];
        if (!string.IsNullOrEmpty(Continue) && !(ContinueToken.TryDecode(Continue, listing, keys, out after) && isValid(after)))
        {
            errors["continue"] = ["is not a token this API issued"];
        }

        (page, problem) = errors.Count == 0 ? (new PageRequest(limit, after), null) : ((PageRequest?)null, TypedResults.ValidationProblem(errors));
        return problem is null;
    }
}
