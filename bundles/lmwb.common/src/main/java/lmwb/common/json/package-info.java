/**
 * The one JSON configuration of lmwb (Gson): snake_case keys for object fields, NaN and infinities
 * written as such, no HTML escaping, paths and instants as strings, and readers that also accept the
 * camelCase keys files written before 0.2 used.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package lmwb.common.json;
