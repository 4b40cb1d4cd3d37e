//! Who is writing: the signed-in user and this device install. Each install gets its own
//! automerge actor id at first open, mapped to the user and device so history shows names.

/// The user signed in on this device, and the device itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceIdentity {
    /// The user's person id (the record that holds their roles).
    pub user_id: String,
    pub user_name: String,
    pub device_id: String,
    pub device_name: String,
}

/// An actor's owner, as exchanged with other replicas so their history shows names too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorInfo {
    pub actor: String,
    pub user_id: String,
    pub user_name: String,
    pub device_id: String,
    pub device_name: String,
}
