//! Who logs a step of a workflow whose steps are taken by different people (a residents'
//! request, a petition): the name people read and the user it was. The server checks the user
//! against the change's author (`author_rules`).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hand {
    pub name: String,
    pub user: String,
}
