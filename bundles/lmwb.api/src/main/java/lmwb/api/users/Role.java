package lmwb.api.users;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a user of the shared runtime may do. Each role includes what the roles below it may do. */
public enum Role {
    /** Everything a member may do, plus managing users and cancelling anyone's job. */
    ADMIN,
    /** Everything a viewer may do, plus submitting jobs, uploading datasets and cancelling their own jobs. */
    MEMBER,
    /** Reads results, jobs, models, datasets and estimators; submits nothing. */
    VIEWER;

    /** @return the lower-case name used on the command line, in JSON and in the database ({@code admin}) */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether this role may read results, jobs and the catalogues (every role may) */
    public boolean canRead() {
        return true;
    }

    /** @return whether this role may submit jobs and upload datasets */
    public boolean canSubmitJobs() {
        return this != VIEWER;
    }

    /**
     * @param ownJob whether the job was submitted by the user asking
     * @return whether this role may cancel the job
     */
    public boolean canCancel(boolean ownJob) {
        return this == ADMIN || this == MEMBER && ownJob;
    }

    /** @return whether this role may add and remove users and issue their tokens */
    public boolean canManageUsers() {
        return this == ADMIN;
    }

    /**
     * @param id a role name, any case ({@code admin}, {@code member}, {@code viewer})
     * @return the role
     * @throws IllegalArgumentException naming the allowed roles when {@code id} is none of them
     */
    public static Role parse(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.id().equals(wanted)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "'; use one of: " + allIds());
    }

    /** @return the roles' ids, comma-separated ({@code admin, member, viewer}) */
    public static String allIds() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }
}
