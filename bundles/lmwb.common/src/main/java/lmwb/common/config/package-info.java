/**
 * Component configuration outside a framework: {@link lmwb.common.config.ComponentConfig} builds the
 * instance of a component's nested config annotation that Declarative Services would pass to its
 * {@code @Activate} constructor, so unit tests, studies and benchmarks construct components through that
 * one constructor.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.common.config;
