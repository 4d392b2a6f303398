namespace ControlPlane.Web.Portal.Fleet;

/// <summary>A fleet row's pick box changed: <paramref name="Node"/> is now picked or not.</summary>
public readonly record struct NodePick(string Node, bool Picked);
