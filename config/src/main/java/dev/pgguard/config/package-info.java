/** Configuration: YAML, validated once with every problem's path and line, frozen into records. */
package dev.pgguard.config;
