package io.vigil.vrrp;

/** The states of a VRRP instance (RFC 5798 section 6.4, plus keepalived's FAULT and STOP). */
public enum VrrpState {
    INIT, BACKUP, MASTER, FAULT, STOP;

    /** keepalived's wording in logs and notify arguments: MASTER, BACKUP, FAULT, STOP. */
    public String keepalivedName() {
        return name();
    }
}
