// Limits of the QEMU driver that input validation shares (pure: safe to import anywhere, forms included).

/** The largest user-data script a VM accepts (it travels through fw_cfg and is copied into the guest's memory). */
export const USER_DATA_MAX_BYTES = 16 * 1024;
