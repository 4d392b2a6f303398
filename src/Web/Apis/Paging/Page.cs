namespace ControlPlane.Web.Apis.Paging;

/// <summary>One page of a listing; <see cref="Continue"/> is null on the last page.</summary>
internal sealed record Page<T>(T[] Items, string? Continue);
