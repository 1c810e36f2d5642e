using Drover.Resources;
using Drover.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.Environments;

internal static partial class EnvironmentsEndpoints
{
    // An update without conditions is last-write-wins, so a concurrent writer only means reading again.
    private const int MaxUpdateAttempts = 5;

    /// <summary>
    /// Applies an update in place: omitted fields are kept, <c>description</c> null clears it, metadata is a
    /// patch, <c>config</c> merges into the stored one of the same type. An update that changes nothing writes
    /// nothing. Archived environments are read-only (400 <c>environment_archived</c>).
    /// </summary>
    private static async Task<IResult> UpdateAsync(
        [FromRoute(Name = "environment_id")] string environmentId,
        HttpRequest request,
        IResourceStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var root = body.RootElement;
        for (var attempt = 1; ; attempt++)
        {
            var current = await LoadAsync(store, environmentId, cancellationToken);
            if (current.ArchivedAt is not null)
            {
                throw ApiException.InvalidRequest($"environment_id: environment '{environmentId}' is archived; archived environments are read-only.", EnvironmentArchived);
            }

            Fields.RejectUnknown(root, s_fields);
            var stored = EnvironmentJsonContext.Deserialize(current.Data);
            var updated = stored with
            {
                Name = Fields.OptionalString(root, "name", MaxNameLength, minLength: 1) ?? stored.Name,
                Description = root.TryGetProperty("description", out _) ? Fields.OptionalString(root, "description", MaxDescriptionLength) : stored.Description,
                Config = EnvironmentConfigReader.Read(root, stored.Config),
                Metadata = WithMetadataCode(() => Metadata.Patch(stored.Metadata, root)),
                Scope = ReadScope(root) ?? stored.Scope,
            };

            var data = EnvironmentJsonContext.Serialize(updated);
            if (data == current.Data)
            {
                return Json(current.Data);
            }

            var now = ApiTimestamps.Truncate(time.GetUtcNow());
            data = EnvironmentJsonContext.Serialize(updated with { UpdatedAt = ApiTimestamps.Write(now) });
            try
            {
                var record = await NameCheckedAsync(updated.Name, () => store.UpdateAsync(current with { UniqueName = updated.Name, UpdatedAt = now, Data = data }, current.Version, newVersion: false, cancellationToken));
                return Json(record.Data);
            }
            catch (ResourceVersionConflictException) when (attempt < MaxUpdateAttempts)
            {
                // Another request wrote first; apply this update to what it wrote.
            }
        }
    }
}
